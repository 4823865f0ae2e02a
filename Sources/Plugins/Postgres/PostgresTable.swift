internal import Foundation
import StreamrunSinkTables
internal import PostgresNIO
import TopologyDSL

/// A PostgreSQL table upserted by key (layout as in `SinkTableLayout`), created if missing on each
/// new connection of the writer; one transaction per write, retried across reconnections.
///
/// Writes come from a stream thread's commit, which waits for them: they use postgres-nio's future
/// API, which pipelines a transaction's statements in one round trip (its async API awaits each
/// statement's answer before the next is sent), and wait on the stream thread, never on an event loop
/// or Swift concurrency's threads. Lookups come from HTTP handlers and use the async API.
// @unchecked Sendable: `writer` is set once at the end of init and never changed (a var only so its closure can
// capture `self`); the session locks its own connection; the rest is `let`.
final class PostgresTable: SinkTable, @unchecked Sendable {
    let name: String
    let layout: SinkTableLayout
    private let address: PostgresAddress
    private let retry: PostgresRetry
    private let log: @Sendable (String) -> Void
    private let createSQL, upsertSQL, deleteSQL, selectSQL: String
    /// Writes and lookups use separate connections so queries are not queued behind a long write.
    private var writer: PostgresSession!
    private let reader: PostgresReadSession
    /// How long a lookup waits for the server's answer.
    private let lookupTimeout: Duration

    init(
        address: PostgresAddress, name: String, keyType: ValueType, valueType: ValueType, loop: PostgresEventLoop,
        retry: PostgresRetry, lookupTimeout: Duration, log: @escaping @Sendable (String) -> Void
    ) throws {
        self.address = address
        self.lookupTimeout = lookupTimeout
        self.name = name
        self.retry = retry
        self.log = log
        layout = SinkTableLayout(keyType: keyType, valueType: valueType)
        if let bad = layout.invalidName(table: name) {
            throw PostgresSinkError("'\(bad)' is not a plain SQL name (letters, digits, _)", code: .badParameters)
        }
        let quoted = { (name: String) in "\"\(name)\"" }
        let table = quoted(name)
        let keys = layout.keyColumns.map { quoted($0.name) }
        let all = keys + layout.valueColumns.map { quoted($0.name) }
        let definitions =
            layout.keyColumns.map { "\(quoted($0.name)) \(PostgresColumnCoding.sqlType($0.type)) NOT NULL" }
            + layout.valueColumns.map { "\(quoted($0.name)) \(PostgresColumnCoding.sqlType($0.type))" }
        createSQL =
            "CREATE TABLE IF NOT EXISTS \(table) (\(definitions.joined(separator: ", ")), PRIMARY KEY (\(keys.joined(separator: ", "))))"
        let placeholders = all.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        let updates = layout.valueColumns.map { "\(quoted($0.name)) = EXCLUDED.\(quoted($0.name))" }.joined(
            separator: ", ")
        upsertSQL =
            "INSERT INTO \(table) (\(all.joined(separator: ", "))) VALUES (\(placeholders)) ON CONFLICT (\(keys.joined(separator: ", "))) "
            + (updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET \(updates)")
        let match = keys.enumerated().map { "\($1) = $\($0 + 1)" }.joined(separator: " AND ")
        deleteSQL = "DELETE FROM \(table) WHERE \(match)"
        let selected =
            layout.valueColumns.isEmpty ? "1" : layout.valueColumns.map { quoted($0.name) }.joined(separator: ", ")
        selectSQL = "SELECT \(selected) FROM \(table) WHERE \(match)"
        reader = PostgresReadSession(address: address, loop: loop)
        writer = PostgresSession(address: address, loop: loop) { [unowned self] in try self.create(on: $0) }
    }

    private func create(on connection: PostgresConnection) throws {
        _ = try connection.query(PostgresQuery(unsafeSQL: createSQL), logger: connection.logger).wait()
    }

    /// Applies the records in one transaction (upserts, and deletes for null values, in order),
    /// retrying with backoff while the database is unreachable; returns only once it committed.
    /// Records the database refuses for good (a value its column cannot hold, a NUL byte in text,
    /// a violated constraint: SQLSTATE classes 22 and 23) are found by splitting the batch, the
    /// others are written, and the refused ones are thrown as `SinkError` `.rejected`.
    func write(_ records: [SinkRecord]) throws {
        guard !records.isEmpty else { return }
        var rejections: [SinkError.Rejection] = []
        var statements: [(record: Int, query: PostgresQuery)] = []
        for (index, record) in records.enumerated() {
            do { statements.append((index, try statement(for: record))) } catch {
                rejections.append(.init(index: index, reason: "postgres sink \(name): \(error)"))
            }
        }
        do {
            let refused = try RefusedRowSearch.write(
                statements, commit: { try commit($0.map(\.query)) },
                refusal: PostgresRetry.rowRefusal)
            rejections += refused.map {
                .init(index: statements[$0.index].record, reason: "postgres sink \(name): \($0.reason)")
            }
        } catch let error as SinkError {
            throw error
        } catch {
            let reason = PostgresRetry.describe(error)
            log("postgres sink \(name): write of \(records.count) records failed: \(reason)")
            throw SinkError(.failed, "postgres sink \(name) on \(address.redacted): \(reason)")
        }
        guard rejections.isEmpty else {
            rejections.sort { $0.index < $1.index }
            log(
                rejections.map(\.reason).joined(separator: "; ")
                    + " (\(rejections.count) of \(records.count) records refused, the others written)")
            throw SinkError.rejected(rejections, by: "postgres sink \(name)")
        }
    }

    /// Commits the statements in one transaction, retrying with backoff while the database is
    /// unreachable (`SinkError` `.transient` once `retry.limit` has passed); an error the server
    /// will always answer (see `PostgresRetry.isTransient`) is thrown as it is.
    private func commit(_ statements: [PostgresQuery]) throws {
        let deadline = Date().addingTimeInterval(retry.limit)
        var delay = retry.firstDelay
        var failures = 0
        while true {
            do {
                try writer.withConnection { connection, logger in
                    try Self.transaction(statements, on: connection, logger: logger)
                }
                if failures > 0 {
                    log("postgres sink \(name): wrote \(statements.count) records after \(failures) failed attempts")
                }
                return
            } catch {
                failures += 1
                guard PostgresRetry.isTransient(error) else { throw error }
                let reason = PostgresRetry.describe(error)
                let remaining = deadline.timeIntervalSinceNow
                guard remaining > 0 else {
                    log(
                        "postgres sink \(name): giving up after \(failures) attempts in \(Int(retry.limit)) s: \(reason)"
                    )
                    throw SinkError(
                        .transient,
                        "postgres sink \(name) on \(address.redacted) unreachable for \(Int(retry.limit)) s: \(reason)")
                }
                let pause = min(delay, remaining)
                log(
                    "postgres sink \(name): write failed (attempt \(failures)): \(reason); retrying in \(String(format: "%.1f", pause)) s"
                )
                Thread.sleep(forTimeInterval: pause)
                delay = min(delay * 2, retry.maxDelay)
            }
        }
    }

    /// Sends BEGIN, the statements and COMMIT in one go (pipelined), then checks every answer: any
    /// failure throws, and success needs the server to have answered COMMIT (not ROLLBACK).
    private static func transaction(_ statements: [PostgresQuery], on connection: PostgresConnection, logger: Logger)
        throws
    {
        let begin = connection.query("BEGIN", logger: logger)
        let sent = statements.map { connection.query($0, logger: logger) }
        let commit = connection.query("COMMIT", logger: logger)
        _ = try begin.wait()
        for future in sent { _ = try future.wait() }
        let tag = try commit.wait().metadata.command
        guard tag == "COMMIT" else {
            throw PostgresSinkError("the transaction was not committed (\(tag))", code: .notCommitted)
        }
    }

    /// The upsert (or, for a null value, the delete) of one record, with its parameters.
    private func statement(for record: SinkRecord) throws -> PostgresQuery {
        let keys = layout.keyValues(record.key)
        if record.value.isNull {
            return PostgresQuery(
                unsafeSQL: deleteSQL, binds: try PostgresColumnCoding.bindings(keys, layout.keyColumns))
        }
        let values = keys + layout.valueValues(record.value)
        return PostgresQuery(
            unsafeSQL: upsertSQL,
            binds: try PostgresColumnCoding.bindings(values, layout.keyColumns + layout.valueColumns))
    }

    /// The row of `key` as a value of the value type; nil when absent (also while no write has created
    /// the table). Reconnects once if the connection is broken, then throws; a server that does not
    /// answer within `lookupTimeout` fails the lookup `.unreachable` (not retried).
    func lookup(_ key: Value) async throws -> Value? {
        let query = PostgresQuery(
            unsafeSQL: selectSQL, binds: try PostgresColumnCoding.bindings(layout.keyValues(key), layout.keyColumns))
        do {
            do {
                return try await select(query)
            } catch  where PostgresRetry.isTransient(error) && !(error is PostgresSinkError) && !Task.isCancelled {
                log("postgres sink \(name): lookup failed (\(PostgresRetry.describe(error))); reconnecting once")
                return try await select(query)
            }
        } catch let error as PostgresSinkError where error.code == .unreachable {
            throw PostgresSinkError("postgres sink \(name) on \(address.redacted): \(error)", code: .unreachable)
        } catch let error as PostgresSinkError {
            throw error
        } catch {
            throw PostgresSinkError(
                "postgres sink \(name) on \(address.redacted): \(PostgresRetry.describe(error))",
                code: PostgresRetry.isTransient(error) ? .unreachable : .refused)
        }
    }

    private func select(_ query: PostgresQuery) async throws -> Value? {
        let rows: [PostgresRow]
        do { rows = try await reader.rows(query, within: lookupTimeout) } catch
            where PostgresRetry.isUndefinedTable(error)
        { return nil }
        guard let row = rows.first else { return nil }
        let cells = row.makeRandomAccess()
        return layout.value(
            fromColumns: try layout.valueColumns.indices.map {
                try PostgresColumnCoding.value(cells[$0], of: layout.valueColumns[$0])
            })
    }
}

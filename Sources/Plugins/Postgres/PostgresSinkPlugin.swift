internal import Foundation
import StreamrunSinkTables
public import TopologyDSL

/// The `postgres` sink: upserts records by key into `table` of the PostgreSQL database at `url`
/// (`postgres://user:password@host:5432/database`; created if missing; one transaction per commit,
/// retried while the database is unreachable), and serves queries over that table. A query waits
/// `lookup-timeout` (a duration, default 10s) for the database's answer, then fails (HTTP 503).
// @unchecked Sendable: `tables` is read and written only under `lock`; the other fields are `let` of Sendable types.
public final class PostgresSinkPlugin: KeyLookupSinkPlugin, @unchecked Sendable {
    public var name: String { "postgres" }
    private let retry: PostgresRetry
    private let log: @Sendable (String) -> Void
    /// The event-loop thread of this plugin's connections (shut down when the plugin and its tables are gone).
    private let loop = PostgresEventLoop()
    /// Tables by address and name, shared by the tasks and queries of a process.
    private var tables: [String: PostgresTable] = [:]
    private let lock = NSLock()

    /// `log` receives one line per failed attempt (default: standard error).
    public init(
        retry: PostgresRetry = PostgresRetry(),
        log: @escaping @Sendable (String) -> Void = PostgresSinkPlugin.standardError
    ) {
        self.retry = retry
        self.log = log
    }

    /// Writes a line to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Checks `url` and `table` (and the column names) without connecting.
    public func check(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws {
        _ = try settings(parameters, keyType, valueType)
    }

    /// How long a query waits for the database's answer unless `lookup-timeout` says otherwise.
    public static let defaultLookupTimeout = Duration.seconds(10)

    private func settings(_ parameters: [String: String], _ keyType: ValueType, _ valueType: ValueType) throws -> (
        PostgresAddress, String, Duration
    ) {
        guard let url = parameters["url"], !url.isEmpty, let table = parameters["table"], !table.isEmpty else {
            throw PostgresSinkError(
                "the postgres sink needs 'url' (postgres://user:password@host:5432/database) and 'table'",
                code: .badParameters)
        }
        if let bad = SinkTableLayout(keyType: keyType, valueType: valueType).invalidName(table: table) {
            throw PostgresSinkError("'\(bad)' is not a plain SQL name (letters, digits, _)", code: .badParameters)
        }
        var lookupTimeout = Self.defaultLookupTimeout
        if let text = parameters["lookup-timeout"], !text.isEmpty {
            guard let timeout = DurationText.parse(text), timeout > .zero else {
                throw PostgresSinkError(
                    "'lookup-timeout' must be a positive duration, \(DurationText.syntax); got '\(text)'",
                    code: .badParameters)
            }
            lookupTimeout = timeout
        }
        return (try PostgresAddress(url: url), table, lookupTimeout)
    }

    private func table(_ parameters: [String: String], _ keyType: ValueType, _ valueType: ValueType) throws
        -> PostgresTable
    {
        // A table declared twice (same database and name) is one table: the first declaration's
        // lookup-timeout holds for both.
        let (address, name, lookupTimeout) = try settings(parameters, keyType, valueType)
        let id = "\(address.redacted)\u{0}\(address.password ?? "")\u{0}\(name)"
        return try lock.withLock {
            if let existing = tables[id] { return existing }
            let table = try PostgresTable(
                address: address, name: name, keyType: keyType, valueType: valueType,
                loop: loop, retry: retry, lookupTimeout: lookupTimeout, log: log)
            tables[id] = table
            return table
        }
    }

    public func makeSink(parameters: [String: String], keyType: ValueType, valueType: ValueType, task: String) throws
        -> any RecordSink
    {
        SinkTableHandle(try table(parameters, keyType, valueType))
    }

    public func lookup(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws -> any KeyLookup {
        SinkTableHandle(try table(parameters, keyType, valueType))
    }
}

internal import Foundation
import TopologyDSL
import StreamrunSinkTables

/// A table upserted by key, laid out by `SinkTableLayout` (the key's fields are the primary key);
/// created if missing.
// @unchecked Sendable: the prepared statements are used only under `lock`; the connection is in serialized mode
// (SQLITE_OPEN_FULLMUTEX) and the other fields are `let`.
final class SQLiteTable: SinkTable, @unchecked Sendable {
    let database: SQLiteDatabase
    let name: String
    let layout: SinkTableLayout
    private let upsert: SQLiteStatement
    private let delete: SQLiteStatement
    private let select: SQLiteStatement
    /// Statements are used by one thread at a time (the task writes, queries read).
    private let lock = NSLock()

    static func sqlType(_ type: ValueType) -> String {
        switch type.kind {
        case .int32, .int64, .bool: "INTEGER"
        case .double: "REAL"
        case .bytes: "BLOB"
        default: "TEXT"
        }
    }

    init(database: SQLiteDatabase, name: String, keyType: ValueType, valueType: ValueType) throws {
        self.database = database
        self.name = name
        layout = SinkTableLayout(keyType: keyType, valueType: valueType)
        if let bad = layout.invalidName(table: name) {
            throw SQLiteError(description: "'\(bad)' is not a plain SQL name (letters, digits, _)")
        }
        let keyColumns = layout.keyColumns
        let valueColumns = layout.valueColumns
        let all = keyColumns + valueColumns
        let keys = keyColumns.map(\.name).joined(separator: ", ")
        let definitions =
            keyColumns.map { "\($0.name) \(Self.sqlType($0.type)) NOT NULL" }
            + valueColumns.map { "\($0.name) \(Self.sqlType($0.type))" }
        try database.execute(
            "CREATE TABLE IF NOT EXISTS \(name) (\(definitions.joined(separator: ", ")), PRIMARY KEY (\(keys)))")
        let placeholders = Array(repeating: "?", count: all.count).joined(separator: ", ")
        let updates = valueColumns.map { "\($0.name) = excluded.\($0.name)" }.joined(separator: ", ")
        upsert = try database.prepare(
            "INSERT INTO \(name) (\(all.map(\.name).joined(separator: ", "))) VALUES (\(placeholders)) "
                + "ON CONFLICT (\(keys)) DO UPDATE SET \(updates)")
        let match = keyColumns.map { "\($0.name) = ?" }.joined(separator: " AND ")
        delete = try database.prepare("DELETE FROM \(name) WHERE \(match)")
        select = try database.prepare(
            "SELECT \(valueColumns.map(\.name).joined(separator: ", ")) FROM \(name) WHERE \(match)")
    }

    /// Applies the records in one transaction: upserts, and deletes for null values. Records SQLite
    /// refuses for good (a NULL key field, a constraint of a table created beforehand) are found
    /// by splitting the batch, the others are written, and the refused ones are thrown as
    /// `SinkError` `.rejected`.
    func write(_ records: [SinkRecord]) throws {
        lock.lock()
        defer { lock.unlock() }
        let rejections: [SinkError.Rejection]
        do {
            rejections = try RefusedRowSearch.write(records, commit: commit) { error in
                guard let error = error as? SQLiteError, error.isRowRefusal else { return nil }
                return "sqlite sink \(name): \(error.description)"
            }
        } catch let error as SQLiteError {
            throw SinkError(
                error.isBusy ? .transient : .failed, "sqlite sink \(name) in \(database.path): \(error.description)")
        }
        guard rejections.isEmpty else { throw SinkError.rejected(rejections, by: "sqlite sink \(name)") }
    }

    /// Applies `records` in one transaction, or none of them.
    private func commit(_ records: ArraySlice<SinkRecord>) throws {
        try database.execute("BEGIN IMMEDIATE")
        do {
            for record in records {
                if record.value.isNull {
                    try delete.bind(layout.keyValues(record.key))
                    _ = try delete.step()
                } else {
                    try upsert.bind(layout.keyValues(record.key) + layout.valueValues(record.value))
                    _ = try upsert.step()
                }
            }
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    /// The row of `key`, as a value of the value type; nil when absent. The read runs on the
    /// blocking-work pool (SQLite blocks on its file).
    func lookup(_ key: Value) async throws -> Value? {
        try await BlockingWork.run { try self.read(key) }
    }

    private func read(_ key: Value) throws -> Value? {
        lock.lock()
        defer { lock.unlock() }
        try select.bind(layout.keyValues(key))
        guard try select.step() else { return nil }
        return layout.value(fromColumns: (0..<layout.valueColumns.count).map { select.column(Int32($0)) })
    }
}

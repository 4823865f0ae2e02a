internal import Foundation
import TopologyDSL

/// A table upserted by key: the key's fields (or one `key` column) are the primary key, the value's
/// fields (or one `value` column) the rest; created if missing.
final class SQLiteTable: @unchecked Sendable {
    let database: SQLiteDatabase
    let name: String
    let keyColumns: [(name: String, type: ValueType)]
    let valueColumns: [(name: String, type: ValueType)]
    private let upsert: SQLiteStatement
    private let delete: SQLiteStatement
    private let select: SQLiteStatement
    /// Statements are used by one thread at a time (the task writes, queries read).
    private let lock = NSLock()

    static func columns(_ type: ValueType, single: String) -> [(name: String, type: ValueType)] {
        type.kind == .record ? type.fields.map { ($0.name, $0.type) } : [(single, type)]
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

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
        keyColumns = Self.columns(keyType, single: "key")
        valueColumns = Self.columns(valueType, single: "value")
        let all = keyColumns + valueColumns
        for column in [name] + all.map(\.name) where !Self.isIdentifier(column) {
            throw SQLiteError(description: "'\(column)' is not a plain SQL name (letters, digits, _)")
        }
        let keys = keyColumns.map(\.name).joined(separator: ", ")
        let definitions = keyColumns.map { "\($0.name) \(Self.sqlType($0.type)) NOT NULL" }
            + valueColumns.map { "\($0.name) \(Self.sqlType($0.type))" }
        try database.execute("CREATE TABLE IF NOT EXISTS \(name) (\(definitions.joined(separator: ", ")), PRIMARY KEY (\(keys)))")
        let placeholders = Array(repeating: "?", count: all.count).joined(separator: ", ")
        let updates = valueColumns.map { "\($0.name) = excluded.\($0.name)" }.joined(separator: ", ")
        upsert = try database.prepare("INSERT INTO \(name) (\(all.map(\.name).joined(separator: ", "))) VALUES (\(placeholders)) "
                                      + "ON CONFLICT (\(keys)) DO UPDATE SET \(updates)")
        let match = keyColumns.map { "\($0.name) = ?" }.joined(separator: " AND ")
        delete = try database.prepare("DELETE FROM \(name) WHERE \(match)")
        select = try database.prepare("SELECT \(valueColumns.map(\.name).joined(separator: ", ")) FROM \(name) WHERE \(match)")
    }

    private func keyValues(_ key: Value) -> [Value] {
        keyColumns.count == 1 && keyColumns[0].name == "key" && key[field: "key"].isNull ? [key] : keyColumns.map { key[field: $0.name] }
    }

    private func valueValues(_ value: Value) -> [Value] {
        valueColumns.count == 1 && valueColumns[0].name == "value" && value[field: "value"].isNull ? [value]
            : valueColumns.map { value[field: $0.name] }
    }

    /// Applies the records in one transaction: upserts, and deletes for null values.
    func write(_ records: [SinkRecord]) throws {
        lock.lock()
        defer { lock.unlock() }
        try database.execute("BEGIN IMMEDIATE")
        do {
            for record in records {
                if record.value.isNull {
                    try delete.bind(keyValues(record.key))
                } else {
                    try upsert.bind(keyValues(record.key) + valueValues(record.value))
                }
                _ = record.value.isNull ? try delete.step() : try upsert.step()
            }
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    /// The row of `key`, as a value of the value type; nil when absent.
    func lookup(_ key: Value) throws -> Value? {
        lock.lock()
        defer { lock.unlock() }
        try select.bind(keyValues(key))
        guard try select.step() else { return nil }
        if valueColumns.count == 1 && valueColumns[0].name == "value" { return select.column(0) }
        var fields = Fields()
        for (index, column) in valueColumns.enumerated() { fields.set(column.name, select.column(Int32(index))) }
        return .record(fields)
    }
}

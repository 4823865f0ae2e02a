public import TopologyDSL

/// The database-independent layout of a sink table: the key's fields (or one `key` column) are the
/// primary key, the value's fields (or one `value` column) the other columns.
public struct SinkTableLayout: Sendable {
    /// A column's name and the type of the values it holds.
    public typealias Column = (name: String, type: ValueType)

    public let keyColumns: [Column]
    public let valueColumns: [Column]

    public init(keyType: ValueType, valueType: ValueType) {
        keyColumns = Self.columns(keyType, single: "key")
        valueColumns = Self.columns(valueType, single: "value")
    }

    /// A record type's fields, or one column named `single` for any other type.
    public static func columns(_ type: ValueType, single: String) -> [Column] {
        type.kind == .record ? type.fields.map { ($0.name, $0.type) } : [(single, type)]
    }

    /// Whether `text` is a plain SQL name (an ASCII letter or `_`, then letters, digits and `_`).
    public static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return text.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
    }

    /// The first of the table name and the column names that is not a plain SQL name, if any.
    public func invalidName(table: String) -> String? {
        ([table] + (keyColumns + valueColumns).map(\.name)).first { !Self.isIdentifier($0) }
    }

    /// Whether the value is stored in one `value` column (a value type that is not a record).
    public var hasSingleValueColumn: Bool { valueColumns.count == 1 && valueColumns[0].name == "value" }

    /// The key's column values, in `keyColumns` order.
    public func keyValues(_ key: Value) -> [Value] {
        keyColumns.count == 1 && keyColumns[0].name == "key" && key[field: "key"].isNull
            ? [key] : keyColumns.map { key[field: $0.name] }
    }

    /// The value's column values, in `valueColumns` order.
    public func valueValues(_ value: Value) -> [Value] {
        hasSingleValueColumn && value[field: "value"].isNull ? [value] : valueColumns.map { value[field: $0.name] }
    }

    /// The value a row's value columns (in `valueColumns` order) stand for.
    public func value(fromColumns columns: [Value]) -> Value {
        if hasSingleValueColumn { return columns.first ?? .null }
        var fields = Fields()
        for (column, value) in zip(valueColumns, columns) { fields.set(column.name, value) }
        return .record(fields)
    }
}

internal import Foundation
import StreamrunSinkTables
internal import PostgresNIO
import TopologyDSL

/// How sink values map to PostgreSQL columns: the SQL type of a column, binding a value as a
/// statement parameter, and reading a result cell back as a value.
enum PostgresColumnCoding {
    /// The PostgreSQL type of a column holding values of `type` (records and lists as JSON text).
    static func sqlType(_ type: ValueType) -> String {
        switch type.kind {
        case .int32: "INTEGER"
        case .int64: "BIGINT"
        case .double: "DOUBLE PRECISION"
        case .bool: "BOOLEAN"
        case .bytes: "BYTEA"
        default: "TEXT"
        }
    }

    /// Appends `value` as the parameter of `column`, converted to the column's type.
    static func bind(_ value: Value, to column: SinkTableLayout.Column, in bindings: inout PostgresBindings) throws {
        if value.isNull { return bindings.appendNull() }
        func mismatch() -> PostgresSinkError {
            PostgresSinkError(
                "column '\(column.name)' (\(column.type)) cannot hold \(ValueText.describe(value))", code: .badValue)
        }
        switch (column.type.kind, value) {
        case (.int32, .int(let i)):
            guard let small = Int32(exactly: i) else { throw mismatch() }
            bindings.append(small)
        case (.int32, .double(let d)):
            guard let small = Int32(exactly: d) else { throw mismatch() }
            bindings.append(small)
        case (.int64, .int(let i)): bindings.append(i)
        case (.int64, .double(let d)):
            guard let whole = Int64(exactly: d) else { throw mismatch() }
            bindings.append(whole)
        case (.double, .double(let d)): bindings.append(d)
        case (.double, .int(let i)): bindings.append(Double(i))
        case (.bool, .bool(let b)): bindings.append(b)
        case (.bool, .int(let i)): bindings.append(i != 0)
        case (.bytes, .bytes(let b)): try bindings.append(Data(b))
        case (.bytes, .string(let s)): try bindings.append(Data(s.utf8))
        case (.int32, _), (.int64, _), (.double, _), (.bool, _), (.bytes, _): throw mismatch()
        case (_, .string(let s)): bindings.append(s)
        default: bindings.append(JSONWriter.string(value))
        }
    }

    /// The parameters for `values` bound to `columns` (same order).
    static func bindings(_ values: [Value], _ columns: [SinkTableLayout.Column]) throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for (value, column) in zip(values, columns) { try bind(value, to: column, in: &bindings) }
        return bindings
    }

    /// A result cell of `column` as a value (`.null` for SQL NULL).
    static func value(_ cell: PostgresCell, of column: SinkTableLayout.Column) throws -> Value {
        guard cell.bytes != nil else { return .null }
        switch column.type.kind {
        case .int32, .int64: return .int(try cell.decode(Int64.self))
        case .double: return .double(try cell.decode(Double.self))
        case .bool: return .bool(try cell.decode(Bool.self))
        case .bytes: return .bytes(Array(try cell.decode(Data.self)))
        default: return .string(try cell.decode(String.self))
        }
    }
}

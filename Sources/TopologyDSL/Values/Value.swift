/// A dynamically typed datum flowing through a topology: keys, values, aggregates and HTTP bodies.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([Value])
    case record(Fields)

    /// True for `.null`.
    @inlinable public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The field `name` of a record, or `.null` when this is not a record or has no such field.
    @inlinable public subscript(field name: String) -> Value {
        if case .record(let fields) = self { return fields[name] ?? .null }
        return .null
    }

    /// The integer payload, if this is an `.int`.
    @inlinable public var intValue: Int64? { if case .int(let v) = self { return v } else { return nil } }

    /// The string payload, if this is a `.string`.
    @inlinable public var stringValue: String? { if case .string(let v) = self { return v } else { return nil } }

    /// A short name of the dynamic kind, for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .list: "list"
        case .record: "record"
        }
    }
}

/// The ordered fields of a record value; order is kept so encodings are deterministic.
public struct Fields: Sendable, Hashable, Sequence {
    public private(set) var names: [String]
    public private(set) var values: [Value]

    public init() {
        names = []
        values = []
    }

    public init(_ pairs: [(String, Value)]) {
        names = pairs.map(\.0)
        values = pairs.map(\.1)
        names.reserveCapacity(pairs.count)
    }

    public var count: Int { names.count }

    /// The value of the field `name`, or nil when absent.
    @inlinable public subscript(name: String) -> Value? {
        get {
            for i in names.indices where names[i] == name { return values[i] }
            return nil
        }
    }

    /// Sets (or appends) the field `name`.
    public mutating func set(_ name: String, _ value: Value) {
        if let i = names.firstIndex(of: name) {
            values[i] = value
        } else {
            names.append(name)
            values.append(value)
        }
    }

    public func makeIterator() -> Zip2Sequence<[String], [Value]>.Iterator {
        zip(names, values).makeIterator()
    }
}

/// Literals for values; deliberately not `nil`, which must stay `Optional.none` where a `Value?` is expected.
extension Value: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral
{
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
}

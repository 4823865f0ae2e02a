/// `int32`: Kafka's IntegerSerializer (4 bytes, big-endian).
extension Int32: StreamValue {
    public static var streamType: ValueType { .int32 }
    public init(streamValue: Value) throws {
        guard case .int(let i) = streamValue else { throw EvaluationError.mismatch("an int32", streamValue) }
        guard let exact = Int32(exactly: i) else {
            throw EvaluationError("\(i) is out of range for int32", code: .typeMismatch)
        }
        self = exact
    }
    public var streamValue: Value { .int(Int64(self)) }
}

/// `int64`: Kafka's LongSerializer (8 bytes, big-endian).
extension Int64: StreamValue {
    public static var streamType: ValueType { .int64 }
    public init(streamValue: Value) throws {
        guard case .int(let i) = streamValue else { throw EvaluationError.mismatch("an int64", streamValue) }
        self = i
    }
    public var streamValue: Value { .int(self) }
}

/// `int64`, as Swift's `Int` is 64 bits on every platform streamrun runs on.
extension Int: StreamValue {
    public static var streamType: ValueType { .int64 }
    public init(streamValue: Value) throws {
        guard case .int(let i) = streamValue else { throw EvaluationError.mismatch("an int64", streamValue) }
        guard let exact = Int(exactly: i) else {
            throw EvaluationError("\(i) is out of range for Int", code: .typeMismatch)
        }
        self = exact
    }
    public var streamValue: Value { .int(Int64(self)) }
}

/// `double`: 8-byte IEEE 754, big-endian; integers are read as doubles too.
extension Double: StreamValue {
    public static var streamType: ValueType { .double }
    public init(streamValue: Value) throws {
        switch streamValue {
        case .double(let d): self = d
        case .int(let i): self = Double(i)
        default: throw EvaluationError.mismatch("a double", streamValue)
        }
    }
    public var streamValue: Value { .double(self) }
}

/// `string`: UTF-8 bytes.
extension String: StreamValue {
    public static var streamType: ValueType { .string }
    public init(streamValue: Value) throws {
        guard case .string(let s) = streamValue else { throw EvaluationError.mismatch("a string", streamValue) }
        self = s
    }
    public var streamValue: Value { .string(self) }
}

/// `bool`: JSON `true` / `false`.
extension Bool: StreamValue {
    public static var streamType: ValueType { .bool }
    public init(streamValue: Value) throws {
        guard case .bool(let b) = streamValue else { throw EvaluationError.mismatch("a bool", streamValue) }
        self = b
    }
    public var streamValue: Value { .bool(self) }
}

/// `json`: any value, untyped; the escape hatch for dynamic data.
extension Value: StreamValue {
    public static var streamType: ValueType { .json }
    public init(streamValue: Value) { self = streamValue }
    public var streamValue: Value { self }
}

/// A nullable value: `nil` is `null` (a tombstone when it is a table's value); the type is the wrapped one's.
extension Optional: StreamValue where Wrapped: StreamValue {
    public static var streamType: ValueType { Wrapped.streamType }
    public init(streamValue: Value) throws {
        self = streamValue.isNull ? nil : try Wrapped(streamValue: streamValue)
    }
    public var streamValue: Value {
        get throws {
            guard let self else { return .null }
            return try self.streamValue
        }
    }
}

/// A list (JSON array) of values.
extension Array: StreamValue where Element: StreamValue {
    public static var streamType: ValueType { .list }
    public init(streamValue: Value) throws {
        guard case .list(let items) = streamValue else { throw EvaluationError.mismatch("a list", streamValue) }
        self = try items.map { try Element(streamValue: $0) }
    }
    public var streamValue: Value { get throws { .list(try map { try $0.streamValue }) } }
}

/// What a custom operator does to each record: zero or more output records, and the types they have.
public struct RecordTransform: Sendable {
    /// The output key type, or nil when the key passes through unchanged.
    public var keyType: ValueType?
    /// The output value type, or nil when it is the input's.
    public var valueType: ValueType?
    /// Whether outputs may carry a different key than their input (grouping then repartitions).
    public var changesKey: Bool
    /// The records for one input record (key is `.null` if the transform does not read it).
    public var apply: @Sendable (_ key: Value, _ value: Value) throws -> [(key: Value, value: Value)]
    /// Whether `apply` reads the input key (so the runner decodes it).
    public var readsKey: Bool

    public init(
        keyType: ValueType? = nil, valueType: ValueType? = nil, changesKey: Bool = false, readsKey: Bool = true,
        apply: @escaping @Sendable (_ key: Value, _ value: Value) throws -> [(key: Value, value: Value)]
    ) {
        self.keyType = keyType
        self.valueType = valueType
        self.changesKey = changesKey
        self.readsKey = readsKey
        self.apply = apply
    }

    /// A transform that maps each value to one new value.
    public static func mapValues(to type: ValueType? = nil, _ map: @escaping @Sendable (Value) throws -> Value)
        -> RecordTransform
    {
        RecordTransform(valueType: type, readsKey: false) { key, value in [(key, try map(value))] }
    }
}

/// A custom operator a topology names in a `process:` step (`- process: { plugin: NAME, with: {...} }`).
public protocol OperatorPlugin: Sendable {
    var name: String { get }
    /// The transform for one step, from the step's `with:` parameters and its input types.
    func makeTransform(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws -> RecordTransform
}

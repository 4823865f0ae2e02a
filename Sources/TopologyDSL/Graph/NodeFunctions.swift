/// A failure of a user function on one record (an expression error, a bad cast).
public struct FunctionError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Decides whether a record passes; gets the key (or `.null` if undecoded) and the value.
public typealias Predicate = @Sendable (_ key: Value, _ value: Value) throws -> Bool
/// Computes a new value (or key) from a record.
public typealias RecordMapper = @Sendable (_ key: Value, _ value: Value) throws -> Value
/// Computes a new key and value from a record.
public typealias KeyValueMapper = @Sendable (_ key: Value, _ value: Value) throws -> (key: Value, value: Value)
/// Combines the running aggregate with a new value.
public typealias Aggregator = @Sendable (_ key: Value, _ value: Value, _ aggregate: Value) throws -> Value
/// Combines a left and right value; a missing side is `.null`.
public typealias Joiner = @Sendable (_ left: Value, _ right: Value) throws -> Value

/// The user functions attached to a node; which ones are set depends on the node's kind.
public struct NodeFunctions: Sendable {
    public var predicate: Predicate?
    public var mapper: RecordMapper?
    public var keyValueMapper: KeyValueMapper?
    public var initializer: (@Sendable () throws -> Value)?
    public var aggregator: Aggregator?
    public var joiner: Joiner?
    /// A custom operator's transform.
    public var transform: RecordTransform?
    /// Whether the functions read the record key (so the runner must decode it).
    public var readsKey: Bool

    public init(predicate: Predicate? = nil, mapper: RecordMapper? = nil, keyValueMapper: KeyValueMapper? = nil,
                initializer: (@Sendable () throws -> Value)? = nil,
                aggregator: Aggregator? = nil, joiner: Joiner? = nil, transform: RecordTransform? = nil,
                readsKey: Bool = false) {
        self.predicate = predicate
        self.mapper = mapper
        self.keyValueMapper = keyValueMapper
        self.initializer = initializer
        self.aggregator = aggregator
        self.joiner = joiner
        self.transform = transform
        self.readsKey = readsKey
    }
}

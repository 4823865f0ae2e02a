/// Decides whether a record passes; gets the key (or `.null` if undecoded) and the value.
public typealias RecordPredicate = @Sendable (_ key: Value, _ value: Value) throws -> Bool
/// Computes a new value (or key) from a record.
public typealias RecordMapper = @Sendable (_ key: Value, _ value: Value) throws -> Value
/// Computes a new key and value from a record.
public typealias KeyValueMapper = @Sendable (_ key: Value, _ value: Value) throws -> (key: Value, value: Value)
/// Combines the running aggregate with a new value.
public typealias Aggregator = @Sendable (_ key: Value, _ value: Value, _ aggregate: Value) throws -> Value
/// Combines a left and right value; a missing side is `.null`.
public typealias Joiner = @Sendable (_ left: Value, _ right: Value) throws -> Value

/// Groups by the current key before an aggregation (the records pass unchanged).
public struct GroupByKeySpec: OperatorSpec {
    public var kind: OperatorKind { .groupByKey }
    public init() {}
}

/// Folds each value into its key's stored value with `reducer`; the first value is stored as is.
public struct ReduceSpec: OperatorSpec {
    public var kind: OperatorKind { .reduce }
    public var producesTable: Bool { true }
    public let reducer: Aggregator
    public let readsKey: Bool
    public init(readsKey: Bool, reducer: @escaping Aggregator) {
        self.reducer = reducer
        self.readsKey = readsKey
    }
}

/// Folds each value into its key's aggregate, which starts as `initializer`'s result.
public struct AggregateSpec: OperatorSpec {
    public var kind: OperatorKind { .aggregate }
    public var producesTable: Bool { true }
    public let initializer: @Sendable () throws -> Value
    public let aggregator: Aggregator
    public let readsKey: Bool
    public init(readsKey: Bool, initializer: @escaping @Sendable () throws -> Value, aggregator: @escaping Aggregator) {
        self.initializer = initializer
        self.aggregator = aggregator
        self.readsKey = readsKey
    }
}

/// Counts the records of each key (an int64).
public struct CountSpec: OperatorSpec {
    public var kind: OperatorKind { .count }
    public var producesTable: Bool { true }
    public init() {}
}

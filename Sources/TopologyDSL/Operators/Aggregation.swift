/// The `reduce`, `aggregate` and `count` operators, Kafka Streams' `KGroupedStream.reduce`,
/// `aggregate` and `count`: a grouped stream (`Grouping.swift`) folded into a table per key.
///
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

extension GraphBuilder {
    /// Aggregates grouped records into the table `table` (`<table>-<reduce|aggregate|count>`),
    /// materialized in `store`.
    public mutating func aggregate(
        _ grouped: StreamRef, table: String, _ spec: some OperatorSpec, valueType: ValueType,
        store: String, kind: StoreKind, detail: String? = nil,
        location: SourceLocation? = nil
    ) -> StreamRef {
        let id = add(
            "\(table)-\(spec.kind.name)", spec, parents: [grouped.id], keyType: grouped.keyType, valueType: valueType,
            detail: detail, location: location)
        materialize(id, store: store, kind: kind)
        return StreamRef(id: id, isTable: true, keyType: grouped.keyType, valueType: valueType, keyChanged: false)
    }
}

extension KGroupedStream {
    /// The aggregation node `<name>-<kind>`, materialized in `store` (the table's name by default).
    func aggregation<VA: StreamValue>(
        _ spec: some OperatorSpec, named name: String, store: String?, storeType: StoreKind,
        valueType: ValueType?, at location: SourceLocation
    ) -> KTable<K, VA> {
        let group = group
        let storeName = store ?? name
        let node = DSLNode(location) { context in
            guard let input = context.group(group, name) else { return nil }
            return context.builder.aggregate(
                input, table: name, spec, valueType: valueType ?? input.valueType,
                store: storeName, kind: storeType, location: location)
        }
        return KTable(node: node, name: name, storeName: storeName)
    }

    /// The table `name` of each key's values combined with `reducer(aggregate, value)`; the first
    /// value of a key is its aggregate as it is.
    public func reduce(
        named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
        file: String = #fileID, line: Int = #line, column: Int = #column,
        _ reducer: @escaping @Sendable (V, V) throws -> V
    ) -> KTable<K, V> {
        let spec = ReduceSpec(readsKey: false) { _, value, aggregate in
            try reducer(V.read(aggregate, as: "aggregate"), V.read(value, as: "value")).streamValue
        }
        return aggregation(
            spec, named: name, store: store, storeType: storeType, valueType: nil,
            at: SourceLocation(file, line, column))
    }

    /// The table `name` of each key's values folded into `initial` with `aggregator(aggregate, value)`.
    public func aggregate<VA: StreamValue>(
        named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
        initial: VA, file: String = #fileID, line: Int = #line, column: Int = #column,
        _ aggregator: @escaping @Sendable (VA, V) throws -> VA
    ) -> KTable<K, VA> {
        let spec = AggregateSpec(readsKey: false, initializer: { try initial.streamValue }) { _, value, aggregate in
            try aggregator(VA.read(aggregate, as: "aggregate"), V.read(value, as: "value")).streamValue
        }
        return aggregation(
            spec, named: name, store: store, storeType: storeType, valueType: VA.streamType,
            at: SourceLocation(file, line, column))
    }

    /// The table `name` of each key's values folded into `initial` with `aggregator(key, aggregate, value)`.
    public func aggregate<VA: StreamValue>(
        named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
        initial: VA, file: String = #fileID, line: Int = #line, column: Int = #column,
        _ aggregator: @escaping @Sendable (K, VA, V) throws -> VA
    ) -> KTable<K, VA> {
        let spec = AggregateSpec(readsKey: true, initializer: { try initial.streamValue }) { key, value, aggregate in
            try aggregator(K.read(key, as: "key"), VA.read(aggregate, as: "aggregate"), V.read(value, as: "value"))
                .streamValue
        }
        return aggregation(
            spec, named: name, store: store, storeType: storeType, valueType: VA.streamType,
            at: SourceLocation(file, line, column))
    }

    /// The table `name` of how many records each key has had.
    public func count(
        named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
        file: String = #fileID, line: Int = #line, column: Int = #column
    ) -> KTable<K, Int64> {
        aggregation(
            CountSpec(), named: name, store: store, storeType: storeType, valueType: .int64,
            at: SourceLocation(file, line, column))
    }
}

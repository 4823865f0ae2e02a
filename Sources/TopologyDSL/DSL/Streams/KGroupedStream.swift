/// A stream grouped by key (Kafka Streams' `KGroupedStream`), waiting for `reduce`, `aggregate` or
/// `count` to make it a table. The grouping nodes are named after that table: `<table>-group-by-key`.
public struct KGroupedStream<K: StreamValue, V: StreamValue>: Sendable {
    /// Adds the grouping nodes for the table `name` and returns what the aggregation reads.
    let group: @Sendable (TopologyContext, _ table: String) -> StreamRef?

    init(group: @escaping @Sendable (TopologyContext, _ table: String) -> StreamRef?) { self.group = group }

    /// The aggregation node `<name>-<kind>`, materialized in `store` (the table's name by default).
    func aggregation<VA: StreamValue>(_ spec: some OperatorSpec, named name: String, store: String?, storeType: StoreKind,
                                      valueType: ValueType?, at location: SourceLocation) -> KTable<K, VA> {
        let group = group, storeName = store ?? name
        let node = DSLNode(location) { context in
            guard let input = context.group(group, name) else { return nil }
            return context.builder.aggregate(input, table: name, spec, valueType: valueType ?? input.valueType,
                                             store: storeName, kind: storeType, location: location)
        }
        return KTable(node: node, name: name, storeName: storeName)
    }

    /// The table `name` of each key's values combined with `reducer(aggregate, value)`; the first
    /// value of a key is its aggregate as it is.
    public func reduce(named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
                       file: String = #fileID, line: Int = #line, column: Int = #column,
                       _ reducer: @escaping @Sendable (V, V) throws -> V) -> KTable<K, V> {
        let spec = ReduceSpec(readsKey: false) { _, value, aggregate in
            try reducer(V.read(aggregate, as: "aggregate"), V.read(value, as: "value")).streamValue
        }
        return aggregation(spec, named: name, store: store, storeType: storeType, valueType: nil,
                           at: SourceLocation(file, line, column))
    }

    /// The table `name` of each key's values folded into `initial` with `aggregator(aggregate, value)`.
    public func aggregate<VA: StreamValue>(named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
                                           initial: VA, file: String = #fileID, line: Int = #line, column: Int = #column,
                                           _ aggregator: @escaping @Sendable (VA, V) throws -> VA) -> KTable<K, VA> {
        let spec = AggregateSpec(readsKey: false, initializer: { try initial.streamValue }) { _, value, aggregate in
            try aggregator(VA.read(aggregate, as: "aggregate"), V.read(value, as: "value")).streamValue
        }
        return aggregation(spec, named: name, store: store, storeType: storeType, valueType: VA.streamType,
                           at: SourceLocation(file, line, column))
    }

    /// The table `name` of each key's values folded into `initial` with `aggregator(key, aggregate, value)`.
    public func aggregate<VA: StreamValue>(named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
                                           initial: VA, file: String = #fileID, line: Int = #line, column: Int = #column,
                                           _ aggregator: @escaping @Sendable (K, VA, V) throws -> VA) -> KTable<K, VA> {
        let spec = AggregateSpec(readsKey: true, initializer: { try initial.streamValue }) { key, value, aggregate in
            try aggregator(K.read(key, as: "key"), VA.read(aggregate, as: "aggregate"), V.read(value, as: "value")).streamValue
        }
        return aggregation(spec, named: name, store: store, storeType: storeType, valueType: VA.streamType,
                           at: SourceLocation(file, line, column))
    }

    /// The table `name` of how many records each key has had.
    public func count(named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
                      file: String = #fileID, line: Int = #line, column: Int = #column) -> KTable<K, Int64> {
        aggregation(CountSpec(), named: name, store: store, storeType: storeType, valueType: .int64,
                    at: SourceLocation(file, line, column))
    }
}

/// Running groupings.
extension TopologyContext {
    /// Runs a grouping for the table `name`.
    func group(_ group: @Sendable (TopologyContext, String) -> StreamRef?, _ name: String) -> StreamRef? {
        group(self, name)
    }
}

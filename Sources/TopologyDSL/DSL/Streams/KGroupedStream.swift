/// A stream grouped by key (Kafka Streams' `KGroupedStream`), waiting for `reduce`, `aggregate` or
/// `count` to make it a table. The grouping nodes are named after that table: `<table>-group-by-key`.
public struct KGroupedStream<K: StreamValue, V: StreamValue>: Sendable {
    /// Adds the grouping nodes for the table `name` and returns what the aggregation reads.
    let group: @Sendable (TopologyContext, _ table: String) -> CompiledRef?

    init(group: @escaping @Sendable (TopologyContext, _ table: String) -> CompiledRef?) { self.group = group }

    /// The aggregation node `<name>-<kind>`, materialized in `store` (the table's name by default).
    func aggregation<VA: StreamValue>(_ kind: OperatorKind, named name: String, store: String?, storeType: StoreKind,
                                      valueType: ValueType?, functions: NodeFunctions,
                                      at location: SourceLocation) -> KTable<K, VA> {
        let group = group, storeName = store ?? name
        let node = DSLNode(location) { context in
            guard let input = context.group(group, name) else { return nil }
            let outputType = valueType ?? input.valueType
            let id = context.builder.add("\(name)-\(kind.name)", kind, parents: [input.id], keyType: input.keyType,
                                         valueType: outputType, functions: functions, location: location)
            context.materialize(id, store: storeName, kind: storeType)
            return CompiledRef(id: id, isTable: true, keyType: input.keyType, valueType: outputType, keyChanged: false)
        }
        return KTable(node: node, name: name, storeName: storeName)
    }

    /// The table `name` of each key's values combined with `reducer(aggregate, value)`; the first
    /// value of a key is its aggregate as it is.
    public func reduce(named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
                       file: String = #fileID, line: Int = #line, column: Int = #column,
                       _ reducer: @escaping @Sendable (V, V) throws -> V) -> KTable<K, V> {
        let functions = NodeFunctions(aggregator: { _, value, aggregate in
            try reducer(V.read(aggregate, as: "aggregate"), V.read(value, as: "value")).streamValue
        })
        return aggregation(.reduce, named: name, store: store, storeType: storeType, valueType: nil,
                           functions: functions, at: SourceLocation(file, line, column))
    }

    /// The table `name` of each key's values folded into `initial` with `aggregator(aggregate, value)`.
    public func aggregate<VA: StreamValue>(named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
                                           initial: VA, file: String = #fileID, line: Int = #line, column: Int = #column,
                                           _ aggregator: @escaping @Sendable (VA, V) throws -> VA) -> KTable<K, VA> {
        let functions = NodeFunctions(initializer: { try initial.streamValue }, aggregator: { _, value, aggregate in
            try aggregator(VA.read(aggregate, as: "aggregate"), V.read(value, as: "value")).streamValue
        })
        return aggregation(.aggregate, named: name, store: store, storeType: storeType, valueType: VA.streamType,
                           functions: functions, at: SourceLocation(file, line, column))
    }

    /// The table `name` of each key's values folded into `initial` with `aggregator(key, aggregate, value)`.
    public func aggregate<VA: StreamValue>(named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
                                           initial: VA, file: String = #fileID, line: Int = #line, column: Int = #column,
                                           _ aggregator: @escaping @Sendable (K, VA, V) throws -> VA) -> KTable<K, VA> {
        let functions = NodeFunctions(initializer: { try initial.streamValue }, aggregator: { key, value, aggregate in
            try aggregator(K.read(key, as: "key"), VA.read(aggregate, as: "aggregate"), V.read(value, as: "value")).streamValue
        }, readsKey: true)
        return aggregation(.aggregate, named: name, store: store, storeType: storeType, valueType: VA.streamType,
                           functions: functions, at: SourceLocation(file, line, column))
    }

    /// The table `name` of how many records each key has had.
    public func count(named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
                      file: String = #fileID, line: Int = #line, column: Int = #column) -> KTable<K, Int64> {
        let functions = NodeFunctions(initializer: { .int(0) },
                                      aggregator: { _, _, aggregate in .int((aggregate.intValue ?? 0) + 1) })
        return aggregation(.count, named: name, store: store, storeType: storeType, valueType: .int64,
                           functions: functions, at: SourceLocation(file, line, column))
    }
}

/// Running groupings.
extension TopologyContext {
    /// Runs a grouping for the table `name`.
    func group(_ group: @Sendable (TopologyContext, String) -> CompiledRef?, _ name: String) -> CompiledRef? {
        group(self, name)
    }
}

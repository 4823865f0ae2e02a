/// The `table-source` operator, Kafka Streams' `StreamsBuilder.table`: a topic read as a table.
///
/// Reads the node's topic as a table into the node's store: a null value deletes the key.
public struct TableSourceSpec: OperatorSpec {
    public var kind: OperatorKind { .tableSource }
    public var producesTable: Bool { true }
    public let timestamp: TimestampExtractor?
    public var readsKey: Bool { timestamp?.readsKey ?? false }
    public init(timestamp: TimestampExtractor? = nil) { self.timestamp = timestamp }
}

extension GraphBuilder {
    /// `topic` read as the table `name` (`<name>-table-source`), materialized in `store`.
    public mutating func table(
        _ topic: TopicDeclaration, named name: String, store: String, kind: StoreKind,
        timestamp: TimestampExtractor? = nil, location: SourceLocation? = nil
    ) -> StreamRef {
        let id = add(
            "\(name)-table-source", TableSourceSpec(timestamp: timestamp), parents: [], keyType: topic.keyType,
            valueType: topic.valueType, topic: topic.name, detail: timestamp?.detail, location: location)
        materialize(id, store: store, kind: kind)
        return StreamRef(id: id, isTable: true, keyType: topic.keyType, valueType: topic.valueType, keyChanged: false)
    }
}

extension Topic {
    /// The topic read as a table (the latest value per key, a null value deleting it): the node
    /// `<name>-table-source`, materialized in `store` (the table's name by default).
    public func table(
        named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
        file: String = #fileID, line: Int = #line, column: Int = #column
    ) -> KTable<K, V> {
        let declaration = declaration
        let storeName = store ?? name
        let timestamp = timestamp
        let location = SourceLocation(file, line, column)
        let node = DSLNode(location) { context in
            context.declare(declaration, at: location)
            return context.builder.table(
                declaration, named: name, store: storeName, kind: storeType, timestamp: timestamp,
                location: location)
        }
        return KTable(node: node, name: name, storeName: storeName)
    }
}

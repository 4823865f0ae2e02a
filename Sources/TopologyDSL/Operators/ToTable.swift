/// The `to-table` operator, Kafka Streams' `KStream.toTable`: a stream read as a table.
///
/// Reads a stream as a table: each key's latest value, a null value deleting it; materialized in
/// the node's store.
public struct ToTableSpec: OperatorSpec {
    public var kind: OperatorKind { .toTable }
    public var producesTable: Bool { true }
    public init() {}
}

extension GraphBuilder {
    /// `input` read as the table `name` (`<name>-to-table`, Kafka Streams' `toTable`), after a
    /// repartition if its key was changed, materialized in `store`.
    public mutating func toTable(
        _ input: StreamRef, named name: String, store: String, kind: StoreKind,
        location: SourceLocation? = nil
    ) -> StreamRef {
        let source = repartitioned(input, name: name, location: location)
        let id = add(
            "\(name)-to-table", ToTableSpec(), parents: [source.id], keyType: source.keyType,
            valueType: source.valueType, location: location)
        materialize(id, store: store, kind: kind)
        return StreamRef(id: id, isTable: true, keyType: source.keyType, valueType: source.valueType, keyChanged: false)
    }
}

extension KStream {
    /// The stream read as the table `name` (Kafka Streams' `toTable`): each key's latest value, a
    /// null value deleting it, materialized in `store` (the table's name by default). A stream
    /// whose key was changed is repartitioned first, through `<application>-<name>-repartition`.
    public func toTable(
        named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
        file: String = #fileID, line: Int = #line, column: Int = #column
    ) -> KTable<K, V> {
        let parent = node
        let storeName = store ?? name
        let location = SourceLocation(file, line, column)
        let table = DSLNode(location) { context in
            guard let input = context.ref(parent) else { return nil }
            return context.builder.toTable(input, named: name, store: storeName, kind: storeType, location: location)
        }
        return KTable(node: table, name: name, storeName: storeName)
    }
}

extension KStream {
    /// The stream read as the table `name` (Kafka Streams' `toTable`): each key's latest value, a
    /// null value deleting it, materialized in `store` (the table's name by default). A stream
    /// whose key was changed is repartitioned first, through `<application>-<name>-repartition`.
    public func toTable(named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
                        file: String = #fileID, line: Int = #line, column: Int = #column) -> KTable<K, V> {
        let parent = node, storeName = store ?? name, location = SourceLocation(file, line, column)
        let table = DSLNode(location) { context in
            guard let input = context.ref(parent) else { return nil }
            return context.builder.toTable(input, named: name, store: storeName, kind: storeType, location: location)
        }
        return KTable(node: table, name: name, storeName: storeName)
    }
}

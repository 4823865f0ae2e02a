/// Grouping a stream for an aggregation: by its key, or by a new key (through a repartition topic).
extension KStream {
    /// Groups records by their key. If the key was changed (`map`, `selectKey`, `flatMap`), the
    /// aggregation reads them back from `<application>-<table>-repartition`.
    public func groupByKey(file: String = #fileID, line: Int = #line, column: Int = #column) -> KGroupedStream<K, V> {
        let parent = node, location = SourceLocation(file, line, column)
        return KGroupedStream { context, table in
            guard let input = context.ref(parent) else { return nil }
            return context.builder.groupByKey(input, table: table, location: location)
        }
    }

    /// Groups records by the key `selector` computes, repartitioning through
    /// `<application>-<table>-repartition` so each new key lands on one task.
    public func groupBy<KR: StreamValue>(file: String = #fileID, line: Int = #line, column: Int = #column,
                                         _ selector: @escaping @Sendable (K, V) throws -> KR) -> KGroupedStream<KR, V> {
        let parent = node, location = SourceLocation(file, line, column)
        let spec = SelectKeySpec(grouping: true, readsKey: true) { key, value in
            try selector(K.read(key, as: "key"), V.read(value, as: "value")).streamValue
        }
        return KGroupedStream { context, table in
            guard let input = context.ref(parent) else { return nil }
            return context.builder.groupBy(input, table: table, spec, keyType: KR.streamType, location: location)
        }
    }
}

/// The `group-by-key` and `group-by` operators, Kafka Streams' `KStream.groupByKey` and
/// `KStream.groupBy`: a stream grouped for an aggregation (`Aggregation.swift`), through a
/// repartition topic when the key is new. `group-by`'s spec is `SelectKeySpec` (`SelectKey.swift`).
///
/// Groups by the current key before an aggregation (the records pass unchanged).
public struct GroupByKeySpec: OperatorSpec {
    public var kind: OperatorKind { .groupByKey }
    public init() {}
}

extension GraphBuilder {
    /// Groups `input` by its key for the table `table` (`<table>-group-by-key`), repartitioning
    /// through `<application>-<table>-repartition` if the key was changed.
    public mutating func groupByKey(_ input: StreamRef, table: String, location: SourceLocation? = nil) -> StreamRef {
        let grouped = step(input, named: "\(table)-group-by-key", GroupByKeySpec(), location: location)
        return repartitioned(grouped, name: table, location: location)
    }

    /// Groups `input` by the key `spec` computes (`<table>-group-by`), always repartitioning.
    public mutating func groupBy(
        _ input: StreamRef, table: String, _ spec: SelectKeySpec, keyType: ValueType,
        detail: String? = nil, location: SourceLocation? = nil
    ) -> StreamRef {
        let keyed = step(
            input, named: "\(table)-group-by", spec, keyType: keyType, changesKey: true, detail: detail,
            location: location)
        return repartitioned(keyed, name: table, location: location)
    }
}

/// Grouping a stream for an aggregation: by its key, or by a new key (through a repartition topic).
extension KStream {
    /// Groups records by their key. If the key was changed (`map`, `selectKey`, `flatMap`), the
    /// aggregation reads them back from `<application>-<table>-repartition`.
    public func groupByKey(file: String = #fileID, line: Int = #line, column: Int = #column) -> KGroupedStream<K, V> {
        let parent = node
        let location = SourceLocation(file, line, column)
        return KGroupedStream { context, table in
            guard let input = context.ref(parent) else { return nil }
            return context.builder.groupByKey(input, table: table, location: location)
        }
    }

    /// Groups records by the key `selector` computes, repartitioning through
    /// `<application>-<table>-repartition` so each new key lands on one task.
    public func groupBy<KR: StreamValue>(
        file: String = #fileID, line: Int = #line, column: Int = #column,
        _ selector: @escaping @Sendable (K, V) throws -> KR
    ) -> KGroupedStream<KR, V> {
        let parent = node
        let location = SourceLocation(file, line, column)
        let spec = SelectKeySpec(grouping: true, readsKey: true) { key, value in
            try selector(K.read(key, as: "key"), V.read(value, as: "value")).streamValue
        }
        return KGroupedStream { context, table in
            guard let input = context.ref(parent) else { return nil }
            return context.builder.groupBy(input, table: table, spec, keyType: KR.streamType, location: location)
        }
    }
}

/// The `select-key` operator, Kafka Streams' `KStream.selectKey`: a stateless step that changes the
/// key, lowered by `GraphBuilder.step`. Its spec is also `group-by`'s (`Grouping.swift`).
///
/// Replaces each record's key with `mapper`'s result: `select-key`, or `group-by` before an
/// aggregation (the same work; a later grouping or join repartitions).
public struct SelectKeySpec: OperatorSpec {
    public let kind: OperatorKind
    public let mapper: RecordMapper
    public let readsKey: Bool
    /// `grouping`: the key an aggregation groups by (`group-by`), else `select-key`.
    public init(grouping: Bool = false, readsKey: Bool, mapper: @escaping RecordMapper) {
        kind = grouping ? .groupBy : .selectKey
        self.mapper = mapper
        self.readsKey = readsKey
    }
}

extension KStream {
    /// Replaces each key with `mapper(key, value)`; a later grouping or join repartitions.
    public func selectKey<KR: StreamValue>(
        named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
        _ mapper: @escaping @Sendable (K, V) throws -> KR
    ) -> KStream<KR, V> {
        let spec = SelectKeySpec(readsKey: true) { key, value in
            try mapper(K.read(key, as: "key"), V.read(value, as: "value")).streamValue
        }
        return step(
            spec, named: named, keyType: KR.streamType, changesKey: true, at: SourceLocation(file, line, column))
    }
}

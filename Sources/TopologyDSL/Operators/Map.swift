/// The `map` operator, Kafka Streams' `KStream.map`: a stateless step that changes the key, lowered
/// by `GraphBuilder.step`.
///
/// Replaces each record's key and value with `mapper`'s.
public struct MapSpec: OperatorSpec {
    public var kind: OperatorKind { .map }
    public let mapper: KeyValueMapper
    public var readsKey: Bool { true }
    public init(mapper: @escaping KeyValueMapper) { self.mapper = mapper }
}

extension KStream {
    /// Replaces each record with the key and value `mapper` returns; a later grouping or join repartitions.
    public func map<KR: StreamValue, VR: StreamValue>(
        named: String? = nil, file: String = #fileID, line: Int = #line,
        column: Int = #column,
        _ mapper: @escaping @Sendable (K, V) throws -> (KR, VR)
    ) -> KStream<KR, VR> {
        let spec = MapSpec { key, value in
            let (newKey, newValue) = try mapper(K.read(key, as: "key"), V.read(value, as: "value"))
            return (try newKey.streamValue, try newValue.streamValue)
        }
        return step(
            spec, named: named, keyType: KR.streamType, valueType: VR.streamType, changesKey: true,
            at: SourceLocation(file, line, column))
    }
}

/// The `map-values` operator, Kafka Streams' `KStream.mapValues`: a stateless step, lowered by
/// `GraphBuilder.step`.
///
/// Replaces each record's value with `mapper`'s result.
public struct MapValuesSpec: OperatorSpec {
    public var kind: OperatorKind { .mapValues }
    public let mapper: RecordMapper
    public let readsKey: Bool
    public init(readsKey: Bool, mapper: @escaping RecordMapper) {
        self.mapper = mapper
        self.readsKey = readsKey
    }
}

extension KStream {
    /// Replaces each value with `mapper(value)`; keeps the key (and the partitioning).
    public func mapValues<VR: StreamValue>(
        named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
        _ mapper: @escaping @Sendable (V) throws -> VR
    ) -> KStream<K, VR> {
        let spec = MapValuesSpec(readsKey: false) { _, value in try mapper(V.read(value, as: "value")).streamValue }
        return step(spec, named: named, valueType: VR.streamType, at: SourceLocation(file, line, column))
    }

    /// Replaces each value with `mapper(key, value)`; keeps the key.
    public func mapValues<VR: StreamValue>(
        named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
        _ mapper: @escaping @Sendable (K, V) throws -> VR
    ) -> KStream<K, VR> {
        let spec = MapValuesSpec(readsKey: true) { key, value in
            try mapper(K.read(key, as: "key"), V.read(value, as: "value")).streamValue
        }
        return step(spec, named: named, valueType: VR.streamType, at: SourceLocation(file, line, column))
    }
}

/// The `flat-map` and `flat-map-values` operators, Kafka Streams' `KStream.flatMap` and
/// `KStream.flatMapValues`: stateless steps (one spec), lowered by `GraphBuilder.step`.
///
/// Turns each record into the records of `mapper`'s list: `{key, value}` records (`flat-map`),
/// or values that keep the key (`flat-map-values`).
public struct FlatMapSpec: OperatorSpec {
    public let kind: OperatorKind
    public let mapper: RecordMapper
    public let readsKey: Bool
    public init(valuesOnly: Bool, readsKey: Bool, mapper: @escaping RecordMapper) {
        kind = valuesOnly ? .flatMapValues : .flatMap
        self.mapper = mapper
        self.readsKey = readsKey || !valuesOnly
    }
    public var changesKey: Bool { kind == .flatMap }
}

extension KStream {
    /// Replaces each record with the records `mapper` returns (none, one or many).
    public func flatMap<KR: StreamValue, VR: StreamValue>(
        named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
        _ mapper: @escaping @Sendable (K, V) throws -> [(KR, VR)]
    ) -> KStream<KR, VR> {
        // The runner reads a flat-map's output as a list of {key, value} records, as YAML's flat-map gives it.
        let spec = FlatMapSpec(valuesOnly: false, readsKey: true) { key, value in
            .list(
                try mapper(K.read(key, as: "key"), V.read(value, as: "value")).map {
                    .record(Fields([("key", try $0.0.streamValue), ("value", try $0.1.streamValue)]))
                })
        }
        return step(
            spec, named: named, keyType: KR.streamType, valueType: VR.streamType, changesKey: true,
            at: SourceLocation(file, line, column))
    }

    /// Replaces each value with the values `mapper` returns, each under the record's key.
    public func flatMapValues<VR: StreamValue>(
        named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
        _ mapper: @escaping @Sendable (V) throws -> [VR]
    ) -> KStream<K, VR> {
        let spec = FlatMapSpec(valuesOnly: true, readsKey: false) { _, value in
            .list(try mapper(V.read(value, as: "value")).map { try $0.streamValue })
        }
        return step(spec, named: named, valueType: VR.streamType, at: SourceLocation(file, line, column))
    }

    /// Replaces each value with the values `mapper(key, value)` returns, each under the record's key.
    public func flatMapValues<VR: StreamValue>(
        named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
        _ mapper: @escaping @Sendable (K, V) throws -> [VR]
    ) -> KStream<K, VR> {
        let spec = FlatMapSpec(valuesOnly: true, readsKey: true) { key, value in
            .list(try mapper(K.read(key, as: "key"), V.read(value, as: "value")).map { try $0.streamValue })
        }
        return step(spec, named: named, valueType: VR.streamType, at: SourceLocation(file, line, column))
    }
}

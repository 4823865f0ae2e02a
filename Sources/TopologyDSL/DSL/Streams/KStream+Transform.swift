/// Stateless steps: filter, map, mapValues, selectKey, flatMap, flatMapValues, peek.
extension KStream {
    /// Keeps the records for which `predicate` is true.
    public func filter(named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
                       _ predicate: @escaping @Sendable (K, V) throws -> Bool) -> KStream<K, V> {
        let spec = FilterSpec(readsKey: true) { key, value in
            try predicate(K.read(key, as: "key"), V.read(value, as: "value"))
        }
        return step(spec, named: named, at: SourceLocation(file, line, column))
    }

    /// Drops the records for which `predicate` is true.
    public func filterNot(named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
                          _ predicate: @escaping @Sendable (K, V) throws -> Bool) -> KStream<K, V> {
        filter(named: named, file: file, line: line, column: column) { key, value in try !predicate(key, value) }
    }

    /// Replaces each value with `mapper(value)`; keeps the key (and the partitioning).
    public func mapValues<VR: StreamValue>(named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
                                           _ mapper: @escaping @Sendable (V) throws -> VR) -> KStream<K, VR> {
        let spec = MapValuesSpec(readsKey: false) { _, value in try mapper(V.read(value, as: "value")).streamValue }
        return step(spec, named: named, valueType: VR.streamType, at: SourceLocation(file, line, column))
    }

    /// Replaces each value with `mapper(key, value)`; keeps the key.
    public func mapValues<VR: StreamValue>(named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
                                           _ mapper: @escaping @Sendable (K, V) throws -> VR) -> KStream<K, VR> {
        let spec = MapValuesSpec(readsKey: true) { key, value in
            try mapper(K.read(key, as: "key"), V.read(value, as: "value")).streamValue
        }
        return step(spec, named: named, valueType: VR.streamType, at: SourceLocation(file, line, column))
    }

    /// Replaces each key with `mapper(key, value)`; a later grouping or join repartitions.
    public func selectKey<KR: StreamValue>(named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
                                           _ mapper: @escaping @Sendable (K, V) throws -> KR) -> KStream<KR, V> {
        let spec = SelectKeySpec(readsKey: true) { key, value in
            try mapper(K.read(key, as: "key"), V.read(value, as: "value")).streamValue
        }
        return step(spec, named: named, keyType: KR.streamType, changesKey: true, at: SourceLocation(file, line, column))
    }

    /// Replaces each record with the key and value `mapper` returns; a later grouping or join repartitions.
    public func map<KR: StreamValue, VR: StreamValue>(named: String? = nil, file: String = #fileID, line: Int = #line,
                                                      column: Int = #column,
                                                      _ mapper: @escaping @Sendable (K, V) throws -> (KR, VR)) -> KStream<KR, VR> {
        let spec = MapSpec { key, value in
            let (newKey, newValue) = try mapper(K.read(key, as: "key"), V.read(value, as: "value"))
            return (try newKey.streamValue, try newValue.streamValue)
        }
        return step(spec, named: named, keyType: KR.streamType, valueType: VR.streamType, changesKey: true,
                    at: SourceLocation(file, line, column))
    }

    /// Replaces each record with the records `mapper` returns (none, one or many).
    public func flatMap<KR: StreamValue, VR: StreamValue>(
        named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
        _ mapper: @escaping @Sendable (K, V) throws -> [(KR, VR)]
    ) -> KStream<KR, VR> {
        // The runner reads a flat-map's output as a list of {key, value} records, as YAML's flat-map gives it.
        let spec = FlatMapSpec(valuesOnly: false, readsKey: true) { key, value in
            .list(try mapper(K.read(key, as: "key"), V.read(value, as: "value")).map {
                .record(Fields([("key", try $0.0.streamValue), ("value", try $0.1.streamValue)]))
            })
        }
        return step(spec, named: named, keyType: KR.streamType, valueType: VR.streamType, changesKey: true,
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

    /// Calls `action` for each record (logging, metrics) and passes the record on unchanged.
    public func peek(named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
                     _ action: @escaping @Sendable (K, V) throws -> Void) -> KStream<K, V> {
        let spec = PeekSpec(readsKey: true) { key, value in
            try action(K.read(key, as: "key"), V.read(value, as: "value"))
            return .null
        }
        return step(spec, named: named, at: SourceLocation(file, line, column))
    }
}

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

/// Replaces each record's key and value with `mapper`'s.
public struct MapSpec: OperatorSpec {
    public var kind: OperatorKind { .map }
    public let mapper: KeyValueMapper
    public var readsKey: Bool { true }
    public init(mapper: @escaping KeyValueMapper) { self.mapper = mapper }
}

/// Logs `line`'s result for each record (a Swift closure yields `.null` and logs nothing) and
/// forwards the record unchanged.
public struct PeekSpec: OperatorSpec {
    public var kind: OperatorKind { .peek }
    public let line: RecordMapper
    public let readsKey: Bool
    public init(readsKey: Bool, line: @escaping RecordMapper) {
        self.line = line
        self.readsKey = readsKey
    }
}

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

/// A custom operator plugin's transform: zero or more records per input record.
public struct ProcessSpec: OperatorSpec {
    public var kind: OperatorKind { .process }
    public let transform: RecordTransform
    public var readsKey: Bool { transform.readsKey }
    public init(transform: RecordTransform) { self.transform = transform }
}

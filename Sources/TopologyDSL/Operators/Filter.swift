/// The `filter` operator, Kafka Streams' `KStream.filter` (and `filterNot`): a stateless step,
/// lowered by `GraphBuilder.step`.
///
/// Forwards the records `predicate` keeps.
public struct FilterSpec: OperatorSpec {
    public var kind: OperatorKind { .filter }
    public let predicate: RecordPredicate
    public let readsKey: Bool
    public init(readsKey: Bool, predicate: @escaping RecordPredicate) {
        self.predicate = predicate
        self.readsKey = readsKey
    }
}

extension KStream {
    /// Keeps the records for which `predicate` is true.
    public func filter(
        named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
        _ predicate: @escaping @Sendable (K, V) throws -> Bool
    ) -> KStream<K, V> {
        let spec = FilterSpec(readsKey: true) { key, value in
            try predicate(K.read(key, as: "key"), V.read(value, as: "value"))
        }
        return step(spec, named: named, at: SourceLocation(file, line, column))
    }

    /// Drops the records for which `predicate` is true.
    public func filterNot(
        named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
        _ predicate: @escaping @Sendable (K, V) throws -> Bool
    ) -> KStream<K, V> {
        filter(named: named, file: file, line: line, column: column) { key, value in try !predicate(key, value) }
    }
}

/// The `peek` operator, Kafka Streams' `KStream.peek`: a stateless step, lowered by
/// `GraphBuilder.step`.
///
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

extension KStream {
    /// Calls `action` for each record (logging, metrics) and passes the record on unchanged.
    public func peek(
        named: String? = nil, file: String = #fileID, line: Int = #line, column: Int = #column,
        _ action: @escaping @Sendable (K, V) throws -> Void
    ) -> KStream<K, V> {
        let spec = PeekSpec(readsKey: true) { key, value in
            try action(K.read(key, as: "key"), V.read(value, as: "value"))
            return .null
        }
        return step(spec, named: named, at: SourceLocation(file, line, column))
    }
}

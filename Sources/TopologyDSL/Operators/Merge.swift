/// The `merge` operator, Kafka Streams' `KStream.merge`: streams of one key and value type as one.
///
/// Forwards the records of all its parents.
public struct MergeSpec: OperatorSpec {
    public var kind: OperatorKind { .merge }
    public init() {}
}

extension GraphBuilder {
    /// `<name>-merge`: the records of all `inputs` (of one key and value type).
    public mutating func merge(_ inputs: [StreamRef], named name: String, location: SourceLocation? = nil) -> StreamRef
    {
        let first = inputs[0]
        let id = add(
            "\(name)-merge", MergeSpec(), parents: inputs.map(\.id), keyType: first.keyType,
            valueType: first.valueType, location: location)
        return StreamRef(
            id: id, isTable: false, keyType: first.keyType, valueType: first.valueType,
            keyChanged: inputs.contains(where: \.keyChanged))
    }
}

/// Merging streams of the same key and value types into one.
extension KStream {
    /// This stream and `others` as one stream named `name` (the node `<name>-merge`); its steps are
    /// named after it.
    public func merge(
        _ others: KStream<K, V>..., named name: String,
        file: String = #fileID, line: Int = #line, column: Int = #column
    ) -> KStream<K, V> {
        let inputs = [node] + others.map(\.node)
        let location = SourceLocation(file, line, column)
        let next = DSLNode(location) { context in
            let refs = inputs.map { context.ref($0) }
            let compiled = refs.compactMap { $0 }
            guard compiled.count == refs.count, let first = compiled.first else { return nil }
            for other in compiled.dropFirst() where other.keyType != first.keyType || other.valueType != first.valueType
            {
                context.error(
                    "streams merged into '\(name)' must have the same key and value types (and serdes)", at: location)
            }
            return context.builder.merge(compiled, named: name, location: location)
        }
        return KStream(node: next, name: name, stepCount: 0)
    }
}

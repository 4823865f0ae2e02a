/// Merging streams of the same key and value types into one.
extension KStream {
    /// This stream and `others` as one stream named `name` (the node `<name>-merge`); its steps are
    /// named after it.
    public func merge(_ others: KStream<K, V>..., named name: String,
                      file: String = #fileID, line: Int = #line, column: Int = #column) -> KStream<K, V> {
        let inputs = [node] + others.map(\.node), location = SourceLocation(file, line, column)
        let next = DSLNode(location) { context in
            let refs = inputs.map { context.ref($0) }
            let compiled = refs.compactMap { $0 }
            guard compiled.count == refs.count, let first = compiled.first else { return nil }
            for other in compiled.dropFirst() where other.keyType != first.keyType || other.valueType != first.valueType {
                context.error("streams merged into '\(name)' must have the same key and value types (and serdes)", at: location)
            }
            return context.builder.merge(compiled, named: name, location: location)
        }
        return KStream(node: next, name: name, stepCount: 0)
    }
}

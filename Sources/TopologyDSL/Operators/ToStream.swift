/// The `to-stream` operator, Kafka Streams' `KTable.toStream`: a table's changes as a stream.
///
/// Turns a table's updates into a stream (the old values are dropped).
public struct ToStreamSpec: OperatorSpec {
    public var kind: OperatorKind { .toStream }
    public init() {}
}

extension GraphBuilder {
    /// A table's changes as a stream, the node `name` (`<table>-to-stream`).
    public mutating func toStream(_ table: StreamRef, named name: String, location: SourceLocation? = nil) -> StreamRef
    {
        var out = step(table, named: name, ToStreamSpec(), location: location)
        out.isTable = false
        return out
    }
}

extension KTable {
    /// The node `nodeName` after `parent`: the table's changes as a stream (a `KTable`'s shared
    /// `changes` is one).
    static func toStreamNode(after parent: DSLNode, named nodeName: String, at location: SourceLocation) -> DSLNode {
        DSLNode(location) { context in
            guard let table = context.ref(parent) else { return nil }
            return context.builder.toStream(table, named: nodeName, location: location)
        }
    }

    /// The table's changes as a stream: the node `<name>-to-stream` (one per table however often it
    /// is asked for), or a node of its own named `named`. Its steps are named after the table.
    public func toStream(
        named: String? = nil,
        file: String = #fileID, line: Int = #line, column: Int = #column
    ) -> KStream<K, V> {
        guard let named else { return KStream(node: changes, name: name, stepCount: 0) }
        return KStream(
            node: Self.toStreamNode(after: node, named: named, at: SourceLocation(file, line, column)),
            name: name, stepCount: 0)
    }
}

/// Reads a stream as a table (Kafka Streams' `KStream.toTable`): each key's latest value, a null
/// value deleting it; materialized in the node's store.
public struct ToTableSpec: OperatorSpec {
    public var kind: OperatorKind { .toTable }
    public var producesTable: Bool { true }
    public init() {}
}

/// What one graph node does, with the parameters its kind needs (Kafka Streams' processor
/// supplier, as data): the engine makes each task's processor from it. One conforming type per
/// operator, in its file in `Operators/` (with the operator's lowering and DSL methods); the
/// runner's processor for it sits beside the processor.
public protocol OperatorSpec: Sendable {
    var kind: OperatorKind { get }
    /// Whether the node's output is a table (a changelog stream of updates per key).
    var producesTable: Bool { get }
    /// Whether the operator's functions read the record key (so the runner decodes it).
    var readsKey: Bool { get }
}

extension OperatorSpec {
    public var producesTable: Bool { false }
    public var readsKey: Bool { false }
}

/// An operator that joins two inputs.
public protocol JoinOperatorSpec: OperatorSpec {
    var joinType: JoinType { get }
    var joiner: Joiner { get }
}

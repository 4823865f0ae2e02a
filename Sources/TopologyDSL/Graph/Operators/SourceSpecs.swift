/// Reads the node's topic as a stream.
public struct SourceSpec: OperatorSpec {
    public var kind: OperatorKind { .source }
    public init() {}
}

/// Reads the node's topic as a table into the node's store: a null value deletes the key.
public struct TableSourceSpec: OperatorSpec {
    public var kind: OperatorKind { .tableSource }
    public var producesTable: Bool { true }
    public init() {}
}

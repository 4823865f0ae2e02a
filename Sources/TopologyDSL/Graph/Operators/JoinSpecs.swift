/// Joins two tables by key (parents: left, right); the result is a table.
public struct TableJoinSpec: JoinOperatorSpec {
    public var kind: OperatorKind { .tableJoin }
    public var producesTable: Bool { true }
    public let joinType: JoinType
    public let joiner: Joiner
    public init(_ joinType: JoinType, joiner: @escaping Joiner) {
        self.joinType = joinType
        self.joiner = joiner
    }
}

/// Joins each stream record with the table's value for its key (parents: stream, table); table
/// updates alone emit nothing.
public struct StreamTableJoinSpec: JoinOperatorSpec {
    public var kind: OperatorKind { .streamTableJoin }
    public let joinType: JoinType
    public let joiner: Joiner
    public init(_ joinType: JoinType, joiner: @escaping Joiner) {
        self.joinType = joinType
        self.joiner = joiner
    }
}

/// Forwards the records `predicate` keeps.
public struct FilterSpec: OperatorSpec {
    public var kind: OperatorKind { .filter }
    public let predicate: Predicate
    public let readsKey: Bool
    public init(readsKey: Bool, predicate: @escaping Predicate) {
        self.predicate = predicate
        self.readsKey = readsKey
    }
}

/// One branch of a stream: the records `predicate` sends this way (it already excludes what
/// earlier branches took).
public struct BranchSpec: OperatorSpec {
    public var kind: OperatorKind { .branch }
    public let predicate: Predicate
    public var readsKey: Bool { true }
    public init(predicate: @escaping Predicate) { self.predicate = predicate }
}

/// Where something was declared, for `file:line:col` diagnostics.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}

/// One operator of the graph: a stable name, what it does (its spec), its parents and types.
public struct GraphNode: Sendable {
    /// Index in `TopologyGraph.nodes`.
    public let id: Int
    /// Stable name taken from the declaration (`adjustments-reduce`).
    public let name: String
    public let spec: any OperatorSpec
    public var parents: [Int]
    public var keyType: ValueType
    public var valueType: ValueType
    /// The topic read (sources) or written (sinks).
    public var topic: String?
    /// The store this node materializes or reads.
    public var store: String?
    /// The declaration text behind the functions, for `describe`.
    public var detail: String?
    public var location: SourceLocation?

    public init(
        id: Int, name: String, spec: any OperatorSpec, parents: [Int], keyType: ValueType, valueType: ValueType,
        topic: String? = nil, store: String? = nil, detail: String? = nil, location: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.spec = spec
        self.parents = parents
        self.keyType = keyType
        self.valueType = valueType
        self.topic = topic
        self.store = store
        self.detail = detail
        self.location = location
    }

    public var kind: OperatorKind { spec.kind }
    /// Whether this node's output is a table.
    public var isTable: Bool { spec.producesTable }
    /// The node's spec as `type`, if it is one.
    public func spec<Spec: OperatorSpec>(_ type: Spec.Type) -> Spec? { spec as? Spec }
    /// The join type, for a join.
    public var joinType: JoinType? { (spec as? any JoinOperatorSpec)?.joinType }
}

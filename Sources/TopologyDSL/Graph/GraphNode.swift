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

/// One operator of the graph: a stable name, its kind, its parents, its types and functions.
public struct GraphNode: Sendable {
    /// Index in `TopologyGraph.nodes`.
    public let id: Int
    /// Stable name taken from the declaration (`adjustments-reduce`).
    public let name: String
    public let kind: OperatorKind
    public var parents: [Int]
    public var keyType: ValueType
    public var valueType: ValueType
    /// The topic read (sources) or written (sinks).
    public var topic: String?
    /// The store this node materializes or reads.
    public var store: String?
    /// The tables a join reads (left, right) as node ids.
    public var joinType: JoinType?
    public var functions: NodeFunctions
    /// The sink plugin an external-sink node writes through.
    public var plugin: PluginReference?
    /// The declaration text behind the functions, for `describe`.
    public var detail: String?
    public var location: SourceLocation?

    public init(id: Int, name: String, kind: OperatorKind, parents: [Int], keyType: ValueType, valueType: ValueType,
                topic: String? = nil, store: String? = nil, joinType: JoinType? = nil,
                functions: NodeFunctions = NodeFunctions(), detail: String? = nil, location: SourceLocation? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.parents = parents
        self.keyType = keyType
        self.valueType = valueType
        self.topic = topic
        self.store = store
        self.joinType = joinType
        self.functions = functions
        self.detail = detail
        self.location = location
    }

    /// Whether this node's output is a table.
    public var isTable: Bool { kind.producesTable }
}

/// What a graph node does; a struct with static members so plugins can add kinds.
public struct OperatorKind: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }

    public static let source = OperatorKind("source")
    public static let tableSource = OperatorKind("table-source")
    public static let filter = OperatorKind("filter")
    public static let map = OperatorKind("map")
    public static let mapValues = OperatorKind("map-values")
    public static let flatMap = OperatorKind("flat-map")
    public static let flatMapValues = OperatorKind("flat-map-values")
    public static let selectKey = OperatorKind("select-key")
    public static let peek = OperatorKind("peek")
    public static let groupByKey = OperatorKind("group-by-key")
    public static let groupBy = OperatorKind("group-by")
    public static let reduce = OperatorKind("reduce")
    public static let aggregate = OperatorKind("aggregate")
    public static let count = OperatorKind("count")
    public static let tableJoin = OperatorKind("table-table-join")
    public static let streamTableJoin = OperatorKind("stream-table-join")
    public static let toStream = OperatorKind("to-stream")
    public static let sink = OperatorKind("sink")
    public static let branch = OperatorKind("branch")
    public static let merge = OperatorKind("merge")
    /// A custom operator from a plugin (`process:` steps).
    public static let process = OperatorKind("process")
    /// Writes into an external system through a sink plugin (`to: { sink: NAME }`).
    public static let externalSink = OperatorKind("external-sink")

    /// Kinds whose output is a table (a changelog stream of updates per key).
    public var producesTable: Bool {
        [.tableSource, .reduce, .aggregate, .count, .tableJoin].contains(self)
    }
}

/// Inner, left or outer, with Kafka Streams' semantics.
public struct JoinType: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }

    public static let inner = JoinType("inner")
    public static let left = JoinType("left")
    public static let outer = JoinType("outer")
}

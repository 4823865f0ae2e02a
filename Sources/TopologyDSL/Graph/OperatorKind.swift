/// What a graph node does, as `describe` names it. Closed: the engine knows each kind (plugin
/// operators are all `process`, named by their plugin).
public enum OperatorKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case source
    case tableSource = "table-source"
    case filter
    case map
    case mapValues = "map-values"
    case flatMap = "flat-map"
    case flatMapValues = "flat-map-values"
    case selectKey = "select-key"
    case peek
    case groupByKey = "group-by-key"
    case groupBy = "group-by"
    case reduce
    case aggregate
    case count
    case toTable = "to-table"
    case tableJoin = "table-table-join"
    case streamTableJoin = "stream-table-join"
    case toStream = "to-stream"
    case sink
    case branch
    case merge
    /// A custom operator from a plugin (`process:` steps).
    case process
    /// Writes into an external system through a sink plugin (`to: { sink: NAME }`).
    case externalSink = "external-sink"

    public var name: String { rawValue }
    public var description: String { rawValue }
}

/// Inner, left or outer, with Kafka Streams' semantics.
public enum JoinType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case inner
    case left
    case outer

    public var name: String { rawValue }
    public var description: String { rawValue }
}

/// A topology file as declared, before compilation: names and expressions with their positions.
struct TopologySpec {
    var application: Located<String>?
    var types: [TypeSpec] = []
    var topics: [TopicSpec] = []
    var streams: [StreamSpec] = []
    var tables: [TableSpec] = []
    var commands: [CommandSpec] = []
    var queries: [QuerySpec] = []
    var kafka: [String: String] = [:]
    var processingGuarantee: Located<String>?
}

/// `types: Name: { format: json, fields: {...} }`.
struct TypeSpec {
    var name: Located<String>
    var serde: Located<String>?
    var fields: [(name: String, type: Located<String>)]
    /// A schema file that defines the type (`avro: schemas/x.avsc`: the format is the key).
    var schemaFile: Located<String>?
}

/// `topics: name: { partitions, key, value, cleanup.policy, retention.ms, retention.bytes }`.
struct TopicSpec {
    var name: Located<String>
    var partitions: Int
    var key: Located<String>
    var value: Located<String>
    /// A source plugin that feeds the topic.
    var source: PluginSpec?
    /// Kafka's topic settings: `cleanup.policy: compact` (or `delete`, the default),
    /// `retention.ms` and `retention.bytes` (nil: Kafka's defaults).
    var compacted = false
    var retentionMs: Int64?
    var retentionBytes: Int64?
    /// `timestamp: EXPR`: each record's timestamp (epoch ms) computed from its key and value.
    var timestamp: Located<String>?
}

/// A plugin named in the file, with its `with:` parameters.
struct PluginSpec {
    var name: Located<String>
    var parameters: [String: String]
}

/// Where `to:` sends records: a topic, or a sink plugin (`to: { sink: NAME, with: {...} }`).
enum TargetSpec {
    case topic(Located<String>)
    case sink(PluginSpec)
}

/// An expression or a record of named expressions (`key: { location: ..., sku: ... }`).
indirect enum BuilderSpec {
    case expression(Located<String>)
    case record([(name: String, builder: BuilderSpec)], SourceLocation)
}

/// One step of a stream pipeline.
struct StepSpec {
    var kind: String
    var location: SourceLocation
    var name: String?
    var expression: Located<String>?
    var key: Located<String>?
    var value: Located<String>?
    var type: Located<String>?
    var keyType: Located<String>?
    var table: Located<String>?
    var joinType: String = "inner"
    var branches: [(name: Located<String>, predicate: Located<String>?)] = []
    /// A `process:` step's plugin and its `with:` parameters.
    var plugin: Located<String>?
    var parameters: [String: String] = [:]
}

/// `streams: name: { from, steps, to }`.
struct StreamSpec {
    var name: Located<String>
    var from: [Located<String>]
    var steps: [StepSpec]
    var to: TargetSpec?
}

/// A table join declaration: `left-join: { left, right, value }`.
struct JoinSpec {
    var type: String
    var left: Located<String>
    var right: Located<String>
    var value: Located<String>
    var location: SourceLocation
}

/// `tables: name: { from, group-by, reduce | aggregate | count | join, store, to }`.
struct TableSpec {
    var name: Located<String>
    var from: Located<String>?
    var groupBy: Located<String>?
    var groupByType: Located<String>?
    var reduce: Located<String>?
    var aggregateInitial: Located<String>?
    var aggregateApply: Located<String>?
    var aggregateType: Located<String>?
    var count: Bool = false
    var join: JoinSpec?
    var store: Located<String>?
    var storeKind: Located<String>?
    var to: TargetSpec?
}

/// A reply: a text template or a JSON object of expressions.
enum ReplySpec {
    case template(Located<String>)
    case json(BuilderSpec)
}

/// `http: commands: - post: PATH, topic, key, value, reply`.
struct CommandSpec {
    var path: Located<String>
    var topic: Located<String>
    var key: BuilderSpec
    var value: BuilderSpec
    /// The record's timestamp (epoch ms) from the request (default: the time it is appended).
    var timestamp: Located<String>?
    var reply: ReplySpec?
}

/// `http: queries: - get: PATH, store, key, reply`.
struct QuerySpec {
    var path: Located<String>
    /// A store of this topology, or (with `fromSink`) the stream or table whose sink table is read.
    var store: Located<String>
    var fromSink = false
    var key: BuilderSpec
    var reply: ReplySpec?
}

/// A topic the topology reads or writes, with its partition count and types.
public struct TopicDeclaration: Sendable, Hashable {
    public var name: String
    public var partitions: Int32
    public var keyType: ValueType
    public var valueType: ValueType
    /// Internal topics (changelogs, repartitions) are created and named by the runner.
    public var isInternal: Bool
    public var compacted: Bool
    /// Kafka's `retention.ms` / `retention.bytes` as declared (nil: the transport's default).
    public var retentionMs: Int64?
    public var retentionBytes: Int64?

    public init(
        name: String, partitions: Int32, keyType: ValueType, valueType: ValueType,
        isInternal: Bool = false, compacted: Bool = false, retentionMs: Int64? = nil, retentionBytes: Int64? = nil
    ) {
        self.name = name
        self.partitions = partitions
        self.keyType = keyType
        self.valueType = valueType
        self.isInternal = isInternal
        self.compacted = compacted
        self.retentionMs = retentionMs
        self.retentionBytes = retentionBytes
    }
}

/// How a store keeps its data (`store-type` in YAML): a vocabulary plugins extend with a
/// `StoreBackendPlugin` of the same name.
public struct StoreKind: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }

    /// In the task's RocksDB, committed atomically with the input offsets: reopened where it stood.
    public static let rocksdb = StoreKind("rocksdb")
    /// In memory: restored from the whole changelog whenever its task opens.
    public static let memory = StoreKind("memory")
    /// The kinds every runner has.
    public static let builtin: [StoreKind] = [.rocksdb, .memory]
}

/// A key-value state store, logged to its changelog topic.
public struct StoreDeclaration: Sendable, Hashable {
    public var name: String
    public var kind: StoreKind
    public var keyType: ValueType
    public var valueType: ValueType
    /// `<application>-<store>-changelog`.
    public var changelogTopic: String
    /// The node that writes the store.
    public var node: Int

    public init(
        name: String, kind: StoreKind, keyType: ValueType, valueType: ValueType, changelogTopic: String, node: Int
    ) {
        self.name = name
        self.kind = kind
        self.keyType = keyType
        self.valueType = valueType
        self.changelogTopic = changelogTopic
        self.node = node
    }
}

/// A connected part of the graph between topics; the runner makes one task per partition of it.
public struct Subtopology: Sendable, Hashable {
    public var id: Int
    /// Node ids in topological order.
    public var nodes: [Int]
    public var sourceTopics: [String]
    public var sinkTopics: [String]
    public var stores: [String]
    /// The partition count shared by all source topics (checked when compiled).
    public var partitions: Int32
}

/// The compiled operator graph: what the runner executes and `describe` prints.
public struct TopologyGraph: Sendable {
    public var application: String
    public var topics: [TopicDeclaration]
    public var nodes: [GraphNode]
    public var stores: [StoreDeclaration]
    public var subtopologies: [Subtopology]
    public var http: HTTPDeclaration
    /// librdkafka properties from the file's `kafka:` section, used when running on Kafka.
    public var kafkaProperties: [String: String] = [:]
    /// Topics fed by source plugins (`topics: t: { source: {...} }`).
    public var topicSources: [String: PluginReference] = [:]
    /// The file's `processing.guarantee`, if it sets one (the runner's option wins).
    public var processingGuarantee: ProcessingGuarantee?

    public init(
        application: String, topics: [TopicDeclaration], nodes: [GraphNode], stores: [StoreDeclaration],
        subtopologies: [Subtopology], http: HTTPDeclaration = HTTPDeclaration()
    ) {
        self.application = application
        self.topics = topics
        self.nodes = nodes
        self.stores = stores
        self.subtopologies = subtopologies
        self.http = http
    }

    public func topic(_ name: String) -> TopicDeclaration? { topics.first { $0.name == name } }
    public func store(_ name: String) -> StoreDeclaration? { stores.first { $0.name == name } }
    public func node(named name: String) -> GraphNode? { nodes.first { $0.name == name } }
    /// The children of each node, derived from the parents.
    public func children(of id: Int) -> [Int] { nodes.filter { $0.parents.contains(id) }.map(\.id) }
    /// The sub-topology that contains node `id`.
    public func subtopology(containing id: Int) -> Subtopology? { subtopologies.first { $0.nodes.contains(id) } }
}

extension TopologyGraph {
    /// Where records that cannot be read or processed go, with the reason in headers.
    public var deadLetterTopic: String { "\(application)-dead-letters" }
    /// Where the instances of the application announce their HTTP addresses and tasks.
    public var instancesTopic: String { "\(application)-streamrun-instances" }
}

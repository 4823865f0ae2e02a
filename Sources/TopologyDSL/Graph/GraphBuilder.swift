/// Assembles a `TopologyGraph` node by node; the YAML compiler and the Swift DSL both use it.
public struct GraphBuilder: Sendable {
    public let application: String
    private var topics: [TopicDeclaration] = []
    private var nodes: [GraphNode] = []
    private var stores: [StoreDeclaration] = []
    private var repartitionLinks: [(sink: Int, source: Int)] = []
    /// The source node of each topic read as a stream (one per topic).
    var topicSources: [String: StreamRef] = [:]
    public var http = HTTPDeclaration()

    public init(application: String) { self.application = application }

    /// The stores declared so far.
    public var declaredStores: [StoreDeclaration] { stores }

    /// The topics declared so far.
    public var declaredTopics: [TopicDeclaration] { topics }

    /// Declares a user topic.
    public mutating func declareTopic(_ topic: TopicDeclaration) {
        topics.removeAll { $0.name == topic.name }
        topics.append(topic)
    }

    public func topic(_ name: String) -> TopicDeclaration? { topics.first { $0.name == name } }
    public func node(_ id: Int) -> GraphNode { nodes[id] }

    /// Adds a node doing what `spec` says and returns its id.
    @discardableResult
    public mutating func add(
        _ name: String, _ spec: some OperatorSpec, parents: [Int], keyType: ValueType, valueType: ValueType,
        topic: String? = nil, detail: String? = nil, location: SourceLocation? = nil
    ) -> Int {
        let id = nodes.count
        nodes.append(
            GraphNode(
                id: id, name: name, spec: spec, parents: parents, keyType: keyType, valueType: valueType,
                topic: topic, detail: detail, location: location))
        return id
    }

    /// Materializes node `id` in the store `name`, logged to `<application>-<name>-changelog`.
    public mutating func materialize(_ id: Int, store name: String, kind: StoreKind = .rocksdb) {
        nodes[id].store = name
        addStore(
            ProcessorStore(name: name, keyType: nodes[id].keyType, valueType: nodes[id].valueType, kind: kind),
            writtenBy: id)
    }

    /// Declares a store that node `id` writes itself (a custom processor's), logged to
    /// `<application>-<name>-changelog`.
    public mutating func addStore(_ store: ProcessorStore, writtenBy id: Int) {
        stores.append(
            StoreDeclaration(
                name: store.name, kind: store.kind, keyType: store.keyType, valueType: store.valueType,
                changelogTopic: "\(application)-\(store.name)-changelog", node: id))
    }

    /// Routes the output of `id` through `<application>-<name>-repartition` so records are
    /// partitioned by their new key; returns the node that reads the repartitioned records. The
    /// topic keeps its records until the runner purges them once committed (Kafka Streams'
    /// KIP-284), so a topology stopped for longer than a retention period loses nothing.
    public mutating func repartition(_ id: Int, name: String, location: SourceLocation? = nil) -> Int {
        let topicName = "\(application)-\(name)-repartition"
        let parent = nodes[id]
        declareTopic(
            TopicDeclaration(
                name: topicName, partitions: partitions(of: id), keyType: parent.keyType,
                valueType: parent.valueType, isInternal: true, retentionMs: -1))
        let sink = add(
            "\(name)-repartition-sink", SinkSpec(), parents: [id], keyType: parent.keyType,
            valueType: parent.valueType, topic: topicName, location: location)
        let source = add(
            "\(name)-repartition-source", SourceSpec(), parents: [], keyType: parent.keyType,
            valueType: parent.valueType, topic: topicName, location: location)
        repartitionLinks.append((sink, source))
        return source
    }

    /// The partition count of the topics feeding node `id` (the largest, if they differ).
    public func partitions(of id: Int) -> Int32 {
        var seen = Set<Int>()
        var stack = [id]
        var count: Int32 = 1
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            let node = nodes[next]
            if node.parents.isEmpty, let t = node.topic, let decl = topic(t) { count = max(count, decl.partitions) }
            stack.append(contentsOf: node.parents)
        }
        return count
    }

    /// Splits the graph into sub-topologies, adds changelog topics and checks co-partitioning.
    public func build() throws(TopologyErrors) -> TopologyGraph {
        var errors: [Diagnostic] = []
        var names = [String: Int]()
        for node in nodes {
            if let other = names[node.name] {
                errors.append(
                    Diagnostic("duplicate operator name '\(node.name)' (also used by node \(other))", at: node.location)
                )
            }
            names[node.name] = node.id
        }
        var storeNames = Set<String>()
        for store in stores where !storeNames.insert(store.name).inserted {
            errors.append(Diagnostic("duplicate store name '\(store.name)'", at: nodes[store.node].location))
        }
        // Each topic has one source node (a task hands a topic's records to one source), as Kafka
        // Streams refuses a topic registered by two sources.
        var sourceOf = [String: GraphNode]()
        for node in nodes where node.parents.isEmpty {
            guard let topic = node.topic else { continue }
            if let other = sourceOf[topic] {
                errors.append(
                    Diagnostic(
                        "topic '\(topic)' is read twice, by '\(other.name)' and '\(node.name)': read it once, "
                            + "as a stream, and make a table of that stream (`tables: NAME: { from: STREAM }` in "
                            + "YAML, `toTable` in Swift) where both are needed", at: node.location))
            } else {
                sourceOf[topic] = node
            }
        }
        let subtopologies = SubtopologySplitter(nodes: nodes, stores: stores, topics: topics).split(errors: &errors)
        if !errors.isEmpty { throw TopologyErrors(errors) }
        var allTopics = topics
        for store in stores {
            let partitions = subtopologies.first { $0.nodes.contains(store.node) }?.partitions ?? 1
            allTopics.append(
                TopicDeclaration(
                    name: store.changelogTopic, partitions: partitions, keyType: store.keyType,
                    valueType: store.valueType, isInternal: true, compacted: true))
        }
        return TopologyGraph(
            application: application, topics: allTopics, nodes: nodes, stores: stores,
            subtopologies: subtopologies, http: http)
    }
}

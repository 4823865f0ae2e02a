/// Threads the mutable `GraphBuilder` through a topology's components while it is built: topics
/// first, then streams and tables (each DSL node compiled once), then HTTP endpoints.
public final class TopologyContext {
    var builder: GraphBuilder
    private var declarations: [(TopologyContext) -> Void] = []
    private var graphWork: [(TopologyContext) -> Void] = []
    private var endpointWork: [(TopologyContext) -> Void] = []
    private var compiled: [ObjectIdentifier: StreamRef] = [:]
    private var failed: Set<ObjectIdentifier> = []
    private var topicSites: [String: SourceLocation] = [:]
    /// The outputs of each `branch` call, by its token.
    var branchOutputs: [ObjectIdentifier: [(name: String, ref: StreamRef)]] = [:]
    private(set) var diagnostics: [Diagnostic] = []

    init(application: String) { builder = GraphBuilder(application: application) }

    // MARK: phases

    /// Runs `work` first, before any stream or table is compiled (topic declarations).
    func onDeclare(_ work: @escaping (TopologyContext) -> Void) { declarations.append(work) }
    /// Runs `work` in body order after the declarations (streams, tables, sinks).
    func onGraph(_ work: @escaping (TopologyContext) -> Void) { graphWork.append(work) }
    /// Runs `work` last, when every store exists (HTTP endpoints).
    func onEndpoints(_ work: @escaping (TopologyContext) -> Void) { endpointWork.append(work) }

    private func run() {
        for work in declarations { work(self) }
        for work in graphWork { work(self) }
        for work in endpointWork { work(self) }
    }

    // MARK: diagnostics

    func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(message, at: location))
    }

    // MARK: nodes

    /// The compiled output of `node`, compiling it (and its inputs) the first time.
    func ref(_ node: DSLNode) -> StreamRef? {
        let id = ObjectIdentifier(node)
        if let done = compiled[id] { return done }
        if failed.contains(id) { return nil }
        guard let result = node.compile(self) else {
            failed.insert(id)
            return nil
        }
        compiled[id] = result
        return result
    }

    // MARK: topics

    /// Declares `topic`, or checks that an earlier declaration of the same name agrees with it.
    func declare(_ topic: TopicDeclaration, at location: SourceLocation) {
        if topic.partitions < 1 {
            error("topic '\(topic.name)' needs at least one partition, got \(topic.partitions)", at: location)
        }
        if let existing = builder.topic(topic.name) {
            if existing != topic {
                error(
                    "topic '\(topic.name)' is declared twice, differently: \(Self.describe(existing)) at "
                        + "\(topicSites[topic.name].map(String.init(describing:)) ?? "?") and \(Self.describe(topic))",
                    at: location)
            }
            return
        }
        builder.declareTopic(topic)
        topicSites[topic.name] = location
    }

    private static func describe(_ topic: TopicDeclaration) -> String {
        "\(topic.partitions) partitions, key \(topic.keyType.name) (\(topic.keyType.serde)), "
            + "value \(topic.valueType.name) (\(topic.valueType.serde))"
    }

    /// The source node reading `topic` as a stream (one per topic, as in YAML: `<topic>-source`).
    func topicSource(_ topic: TopicDeclaration, timestamp: TimestampExtractor? = nil, at location: SourceLocation)
        -> StreamRef
    {
        declare(topic, at: location)
        if let existing = builder.topicSources[topic.name],
            (builder.node(existing.id).spec(SourceSpec.self)?.timestamp == nil) != (timestamp == nil)
        {
            error(
                "topic '\(topic.name)' is read both with and without a timestamp: give every Topic value of it the same "
                    + "`timestamp:`", at: location)
        }
        return builder.stream(topic, timestamp: timestamp, location: location)
    }

    // MARK: stores

    /// The key and value types of the store `name` (the first declared under that name).
    func storeTypes(_ name: String) -> (keyType: ValueType, valueType: ValueType)? {
        builder.declaredStores.first { $0.name == name }.map { ($0.keyType, $0.valueType) }
    }

    /// The graph, or every problem found while building it.
    func build(kafka: [String: String], fallback: SourceLocation) throws(TopologyErrors) -> TopologyGraph {
        run()
        guard diagnostics.isEmpty else { throw TopologyErrors(diagnostics) }
        do {
            var graph = try builder.build()
            graph.kafkaProperties = kafka
            return graph
        } catch {
            throw TopologyErrors(error.diagnostics.map { Diagnostic($0.message, at: $0.location ?? fallback) })
        }
    }
}

/// Prints an operator graph as text (like Kafka Streams' `describe()`), JSON or a Mermaid flowchart.
public struct TopologyDescription: Sendable {
    public let graph: TopologyGraph
    public init(_ graph: TopologyGraph) { self.graph = graph }

    /// Kafka Streams-style text: sub-topologies, each node with its successors.
    public var text: String {
        var lines = ["Topology: \(graph.application)"]
        for sub in graph.subtopologies {
            lines.append("  Sub-topology: \(sub.id) (\(sub.partitions) partitions, one task each)")
            for id in sub.nodes {
                let node = graph.nodes[id]
                var line = "    \(label(node.kind)): \(node.name)"
                if let topic = node.topic { line += " (topic: \(topic))" }
                if let store = node.store { line += " (store: \(store))" }
                if let join = node.joinType { line += " (\(join) join)" }
                if let detail = node.detail { line += " [\(detail)]" }
                lines.append(line)
                let children = graph.children(of: id).map { graph.nodes[$0].name }
                lines.append("      --> \(children.isEmpty ? "none" : children.joined(separator: ", "))")
                let parents = node.parents.map { graph.nodes[$0].name }
                lines.append("      <-- \(parents.isEmpty ? "none" : parents.joined(separator: ", "))")
            }
        }
        lines.append("  Stores:")
        for store in graph.stores {
            lines.append("    \(store.name) (\(store.kind), changelog: \(store.changelogTopic))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func label(_ kind: OperatorKind) -> String {
        switch kind {
        case .source, .tableSource: "Source"
        case .sink: "Sink"
        default: "Processor(\(kind.name))"
        }
    }

    /// The graph as a JSON value: application, topics, stores and sub-topologies with their nodes.
    /// It leaves out how functions were written (an expression or a Swift closure), so a YAML
    /// topology and its Swift DSL twin describe the same graph with the same JSON.
    public var jsonValue: Value {
        let topics: [Value] = graph.topics.map { topic in
            .record(
                Fields([
                    ("name", .string(topic.name)), ("partitions", .int(Int64(topic.partitions))),
                    ("key", .string(topic.keyType.name)), ("value", .string(topic.valueType.name)),
                    ("internal", .bool(topic.isInternal)), ("compacted", .bool(topic.compacted)),
                ]))
        }
        let stores: [Value] = graph.stores.map { store in
            .record(
                Fields([
                    ("name", .string(store.name)), ("type", .string(store.kind.name)),
                    ("changelog", .string(store.changelogTopic)), ("node", .string(graph.nodes[store.node].name)),
                ]))
        }
        let subtopologies: [Value] = graph.subtopologies.map { sub in
            .record(
                Fields([
                    ("id", .int(Int64(sub.id))), ("partitions", .int(Int64(sub.partitions))),
                    ("sources", .list(sub.sourceTopics.map { .string($0) })),
                    ("sinks", .list(sub.sinkTopics.map { .string($0) })),
                    ("nodes", .list(sub.nodes.map { nodeValue(graph.nodes[$0]) })),
                ]))
        }
        return .record(
            Fields([
                ("application", .string(graph.application)), ("topics", .list(topics)),
                ("stores", .list(stores)), ("subtopologies", .list(subtopologies)),
            ]))
    }

    private func nodeValue(_ node: GraphNode) -> Value {
        var fields = Fields([
            ("name", .string(node.name)), ("kind", .string(node.kind.name)),
            ("parents", .list(node.parents.map { .string(graph.nodes[$0].name) })),
            ("children", .list(graph.children(of: node.id).map { .string(graph.nodes[$0].name) })),
            ("key", .string(node.keyType.name)), ("value", .string(node.valueType.name)),
        ])
        if let topic = node.topic { fields.set("topic", .string(topic)) }
        if let store = node.store { fields.set("store", .string(store)) }
        if let join = node.joinType { fields.set("join", .string(join.name)) }
        return .record(fields)
    }

    /// Pretty-enough JSON (one line) of `jsonValue`.
    public var json: String { JSONWriter.string(jsonValue) + "\n" }

    /// A Mermaid flowchart: topics as stadiums, stores as cylinders, one subgraph per sub-topology.
    public var mermaid: String {
        var lines = ["flowchart LR"]
        func id(_ name: String) -> String { name.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined() }
        for sub in graph.subtopologies {
            lines.append("  subgraph sub\(sub.id)[\"sub-topology \(sub.id)\"]")
            for nodeID in sub.nodes {
                let node = graph.nodes[nodeID]
                lines.append("    \(id(node.name))[\"\(node.name)<br/>\(node.kind.name)\"]")
            }
            lines.append("  end")
        }
        for node in graph.nodes {
            for parent in node.parents { lines.append("  \(id(graph.nodes[parent].name)) --> \(id(node.name))") }
            if let topic = node.topic {
                let t = "t_" + id(topic)
                lines.append("  \(t)([\"\(topic)\"])")
                lines.append(node.kind == .sink ? "  \(id(node.name)) --> \(t)" : "  \(t) --> \(id(node.name))")
            }
            if let store = node.store {
                lines.append("  s_\(id(store))[(\"\(store)\")]")
                lines.append("  \(id(node.name)) -.- s_\(id(store))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

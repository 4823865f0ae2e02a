import TopologyDSL

/// Instantiates a sub-topology's nodes as processors for one task: each node's spec makes its
/// processor, and each parent forwards to what its child takes from that parent.
struct TaskBuilder {
    let graph: TopologyGraph
    let subtopology: Subtopology
    let context: TaskContext

    struct Built {
        var sources: [String: SourceProcessor] = [:]
        var flushing: [any CommitFlushing] = []
        var custom: [CustomProcessorNode] = []
    }

    func build() throws -> Built {
        var build = TaskBuild(
            graph: graph, context: context,
            decodeKey: subtopology.nodes.contains { graph.nodes[$0].spec.readsKey })
        var processors: [Int: any Processor] = [:]
        for id in subtopology.nodes {
            let node = graph.nodes[id]
            guard let supplier = node.spec as? any ProcessorSupplier else {
                throw TopologyErrors(
                    "operator '\(node.name)' (\(node.kind)) has no processor in this runner", at: node.location)
            }
            let processor = try supplier.makeProcessor(for: node, in: &build)
            processors[id] = processor
            for (index, parentID) in node.parents.enumerated() {
                guard let parent = processors[parentID] as? ForwardingProcessor else { continue }
                parent.children.append(processor.input(fromParent: index))
            }
        }
        let built = Built(sources: build.sources, flushing: build.flushing, custom: build.starting)
        try prepareWriters(built)
        return built
    }

    /// Asks every serde the task writes with (topics, store values) for what writing needs: a schema
    /// registry that cannot be reached then fails the task's opening, which is retried with backoff
    /// (`/ready` names it), instead of failing a record or a commit later.
    private func prepareWriters(_ built: Built) throws {
        var serdes: [any Serde] = context.stores.values.map(\.valueSerde)
        for case let sink as SinkProcessor in built.flushing { serdes += [sink.keySerde, sink.valueSerde] }
        for serde in serdes { try serde.prepareToWrite() }
    }
}

import TopologyDSL

/// Makes an operator's processor for one task (Kafka Streams' `ProcessorSupplier`). Every
/// operator spec the engine runs conforms, in the file of its processor; a spec that does not
/// is an error when the task is built, never a silent pass-through.
protocol ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor
}

/// What making a task's processors needs, and what it collects: the sources records enter
/// through and what flushes at each commit.
struct TaskBuild {
    let graph: TopologyGraph
    let context: TaskContext
    /// Whether any operator of the sub-topology reads keys (sources then decode them).
    let decodeKey: Bool
    var sources: [String: SourceProcessor] = [:]
    var flushing: [any CommitFlushing] = []
    /// Custom processors, initialized once the whole task is built.
    var starting: [CustomProcessorNode] = []

    /// The store `name` that `node` materializes or reads.
    func store(_ name: String?, for node: GraphNode) throws -> StateStore {
        guard let name, let store = context.stores[name] else {
            throw TopologyErrors("operator '\(node.name)' needs a materialized store", at: node.location)
        }
        return store
    }

    /// The serde of the keys `node` receives (its first parent's key type).
    func inputKeySerde(of node: GraphNode) -> any Serde {
        context.serdes.serde(node.parents.first.map { graph.nodes[$0].keyType } ?? node.keyType)
    }

    /// The serde of the keys `node` emits.
    func keySerde(of node: GraphNode) -> any Serde { context.serdes.serde(node.keyType) }

    /// Whether `node` receives a table's updates (directly, or through a to-stream), so that a
    /// sink below it keeps only the latest record per key until the commit.
    func readsTable(_ node: GraphNode) -> Bool {
        node.parents.contains { graph.nodes[$0].kind == .toStream || graph.nodes[$0].isTable }
    }
}

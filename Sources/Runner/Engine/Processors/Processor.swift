import TopologyDSL

/// One operator instance inside a task: receives records from its parents and forwards to children.
protocol Processor: AnyObject {
    func process(_ record: TaskRecord) throws
    /// What the parent at `index` (of the node's parents) forwards to: the processor itself, or
    /// an adapter for one side of a join.
    func input(fromParent index: Int) -> any Processor
}

/// A processor that forwards to a list of children, in order.
class ForwardingProcessor: Processor {
    var children: [any Processor] = []
    let node: GraphNode
    let context: TaskContext

    init(node: GraphNode, context: TaskContext) {
        self.node = node
        self.context = context
    }

    func process(_ record: TaskRecord) throws { try forward(record) }

    func input(fromParent index: Int) -> any Processor { self }

    @inline(__always) final func forward(_ record: TaskRecord) throws {
        for child in children { try child.process(record) }
    }

    /// The record's key, decoded (once) with the key serde of the node that produced it.
    final func decodedKey(_ record: inout TaskRecord, serde: any Serde) throws -> Value {
        if case .null = record.key, let bytes = record.keyBytes {
            record.key = try serde.deserialize(bytes)
        }
        return record.key
    }
}

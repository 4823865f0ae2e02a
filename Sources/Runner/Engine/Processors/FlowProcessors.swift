import TopologyDSL

/// Passes records through unchanged (merge, group-by-key).
final class PassThroughProcessor: ForwardingProcessor {}

/// Turns a table's updates into a stream: the old value is dropped.
final class ToStreamProcessor: ForwardingProcessor {
    override func process(_ record: TaskRecord) throws {
        var record = record
        record.oldValue = .null
        try forward(record)
    }
}

extension MergeSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        PassThroughProcessor(node: node, context: build.context)
    }
}

extension GroupByKeySpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        PassThroughProcessor(node: node, context: build.context)
    }
}

extension ToStreamSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        ToStreamProcessor(node: node, context: build.context)
    }
}

import TopologyDSL

/// Forwards the records its predicate keeps (filter, and each branch of a stream).
final class FilterProcessor: KeyReadingProcessor {
    private let predicate: RecordPredicate

    init(node: GraphNode, context: TaskContext, keySerde: any Serde, predicate: @escaping RecordPredicate) {
        self.predicate = predicate
        super.init(node: node, context: context, keySerde: keySerde)
    }

    override func process(_ record: TaskRecord) throws {
        var record = record
        let key = try functionKey(&record)
        if try predicate(key, record.value) { try forward(record) }
    }
}

extension FilterSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        FilterProcessor(
            node: node, context: build.context, keySerde: build.inputKeySerde(of: node), predicate: predicate)
    }
}

extension BranchSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        FilterProcessor(
            node: node, context: build.context, keySerde: build.inputKeySerde(of: node), predicate: predicate)
    }
}

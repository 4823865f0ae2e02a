import TopologyDSL

/// Runs a custom operator plugin's transform: zero or more records per input record.
final class TransformProcessor: KeyReadingProcessor {
    private let transform: RecordTransform

    init(node: GraphNode, context: TaskContext, keySerde: any Serde, transform: RecordTransform) {
        self.transform = transform
        super.init(node: node, context: context, keySerde: keySerde)
    }

    override func process(_ record: TaskRecord) throws {
        var record = record
        let key = try functionKey(&record)
        for output in try transform.apply(key, record.value) {
            var out = record
            if transform.changesKey {
                out.key = output.key
                out.keyBytes = nil
            }
            out.value = output.value
            try forward(out)
        }
    }
}

extension ProcessSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        TransformProcessor(
            node: node, context: build.context, keySerde: build.inputKeySerde(of: node), transform: transform)
    }
}

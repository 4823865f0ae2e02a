import TopologyDSL

/// Turns one record into the records of its function's list: `{key, value}` records
/// (flat-map), or values under the record's key (flat-map-values).
final class FlatMapProcessor: RecordMapperProcessor {
    private let changesKey: Bool

    init(node: GraphNode, context: TaskContext, keySerde: any Serde, spec: FlatMapSpec) {
        changesKey = spec.changesKey
        super.init(node: node, context: context, keySerde: keySerde, mapper: spec.mapper)
    }

    override func process(_ record: TaskRecord) throws {
        var record = record
        let key = try functionKey(&record)
        guard case .list(let items) = try mapper(key, record.value) else {
            throw EvaluationError("\(node.kind.name) must give a list", code: .typeMismatch)
        }
        for item in items {
            var out = record
            if changesKey {
                out.key = item[field: "key"]
                out.keyBytes = nil
                out.value = item[field: "value"]
            } else {
                out.value = item
            }
            try forward(out)
        }
    }
}

extension FlatMapSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        FlatMapProcessor(node: node, context: build.context, keySerde: build.inputKeySerde(of: node), spec: self)
    }
}

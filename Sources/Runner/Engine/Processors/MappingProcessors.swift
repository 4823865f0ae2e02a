import Logging
import TopologyDSL

/// A processor driven by one record function (map-values, select-key, peek, flat-map).
class RecordMapperProcessor: KeyReadingProcessor {
    let mapper: RecordMapper

    init(node: GraphNode, context: TaskContext, keySerde: any Serde, mapper: @escaping RecordMapper) {
        self.mapper = mapper
        super.init(node: node, context: context, keySerde: keySerde)
    }
}

/// Replaces each record's value.
final class MapValuesProcessor: RecordMapperProcessor {
    override func process(_ record: TaskRecord) throws {
        var record = record
        let key = try functionKey(&record)
        record.value = try mapper(key, record.value)
        try forward(record)
    }
}

/// Replaces each record's key (select-key, group-by).
final class SelectKeyProcessor: RecordMapperProcessor {
    override func process(_ record: TaskRecord) throws {
        var record = record
        let key = try functionKey(&record)
        record.key = try mapper(key, record.value)
        record.keyBytes = nil
        try forward(record)
    }
}

/// Replaces each record's key and value.
final class MapProcessor: KeyReadingProcessor {
    private let mapper: KeyValueMapper

    init(node: GraphNode, context: TaskContext, keySerde: any Serde, mapper: @escaping KeyValueMapper) {
        self.mapper = mapper
        super.init(node: node, context: context, keySerde: keySerde)
    }

    override func process(_ record: TaskRecord) throws {
        var record = record
        let key = try functionKey(&record)
        let mapped = try mapper(key, record.value)
        record.key = mapped.key
        record.value = mapped.value
        record.keyBytes = nil
        try forward(record)
    }
}

/// Logs a line per record (an expression's text; a Swift closure yields `.null` and logs
/// nothing itself) and forwards the record unchanged.
final class PeekProcessor: RecordMapperProcessor {
    override func process(_ record: TaskRecord) throws {
        var record = record
        let key = try functionKey(&record)
        let text = try mapper(key, record.value)
        if !text.isNull { context.logger.info("peek \(node.name): \(ValueText.plain(text))") }
        try forward(record)
    }
}

extension MapValuesSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        MapValuesProcessor(node: node, context: build.context, keySerde: build.inputKeySerde(of: node), mapper: mapper)
    }
}

extension SelectKeySpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        SelectKeyProcessor(node: node, context: build.context, keySerde: build.inputKeySerde(of: node), mapper: mapper)
    }
}

extension MapSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        MapProcessor(node: node, context: build.context, keySerde: build.inputKeySerde(of: node), mapper: mapper)
    }
}

extension PeekSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        PeekProcessor(node: node, context: build.context, keySerde: build.inputKeySerde(of: node), mapper: line)
    }
}

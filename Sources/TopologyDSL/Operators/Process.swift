/// The `process` operator, Kafka Streams' `KStream.process`: a step of YAML's `process:` or the
/// DSL's `process`, either an operator plugin's transform (lowered by `GraphBuilder.step`) or a
/// processor written against the Processor API, with the stores it declared
/// (`GraphBuilder.process`).
///
/// A custom operator plugin's transform: zero or more records per input record.
public struct ProcessSpec: OperatorSpec {
    public var kind: OperatorKind { .process }
    public let transform: RecordTransform
    public var readsKey: Bool { transform.readsKey }
    public init(transform: RecordTransform) { self.transform = transform }
}

/// A processor written against the Processor API (a plugin's, or a DSL closure's), with the
/// stores it declared (materialized by the graph like a table's).
public struct CustomProcessorSpec: OperatorSpec {
    public var kind: OperatorKind { .process }
    public var readsKey: Bool { true }
    /// The names of the stores the processor declared.
    public let stores: [String]
    public let make: @Sendable () throws -> any RecordProcessor

    public init(stores: [String], make: @escaping @Sendable () throws -> any RecordProcessor) {
        self.stores = stores
        self.make = make
    }
}

extension GraphBuilder {
    /// A Processor API step with the stores its processor declared.
    public mutating func process(
        _ input: StreamRef, named name: String, _ spec: CustomProcessorSpec, stores: [ProcessorStore],
        keyType: ValueType? = nil, valueType: ValueType? = nil, changesKey: Bool = false,
        detail: String? = nil, location: SourceLocation? = nil
    ) -> StreamRef {
        let out = step(
            input, named: name, spec, keyType: keyType, valueType: valueType, changesKey: changesKey,
            detail: detail, location: location)
        for store in stores { addStore(store, writtenBy: out.id) }
        return out
    }
}

/// Custom processors (the Processor API) as a stream step.
extension KStream {
    /// Runs a processor of each task on every record: it may forward any number of records (of
    /// key `KR` and value `VR`), keep state in `stores` (materialized, changelogged and restored
    /// like a table's, and queryable by name) and schedule punctuations. `changesKey`: its outputs
    /// may carry other keys than their inputs (a later grouping or join then repartitions).
    public func process<KR: StreamValue, VR: StreamValue>(
        named: String? = nil, stores: [ProcessorStore] = [], changesKey: Bool = false,
        file: String = #fileID, line: Int = #line, column: Int = #column,
        _ make: @escaping @Sendable () throws -> any RecordProcessor
    ) -> KStream<KR, VR> {
        let index = stepCount + 1
        let nodeName = named ?? "\(name)-\(index)-\(OperatorKind.process.name)"
        let parent = node
        let location = SourceLocation(file, line, column)
        let next = DSLNode(location) { context in
            guard let input = context.ref(parent) else { return nil }
            return context.builder.process(
                input, named: nodeName, CustomProcessorSpec(stores: stores.map(\.name), make: make),
                stores: stores, keyType: KR.streamType, valueType: VR.streamType,
                changesKey: changesKey, location: location)
        }
        return KStream<KR, VR>(node: next, name: name, stepCount: index)
    }
}

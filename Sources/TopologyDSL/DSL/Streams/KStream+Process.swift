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
        let parent = node, location = SourceLocation(file, line, column)
        let next = DSLNode(location) { context in
            guard let input = context.ref(parent) else { return nil }
            return context.builder.process(input, named: nodeName, CustomProcessorSpec(stores: stores.map(\.name), make: make),
                                           stores: stores, keyType: KR.streamType, valueType: VR.streamType,
                                           changesKey: changesKey, location: location)
        }
        return KStream<KR, VR>(node: next, name: name, stepCount: index)
    }
}

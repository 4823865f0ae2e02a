import TopologyDSL

/// Instantiates a sub-topology's nodes as processors for one task, wiring children and stores.
struct TaskBuilder {
    let graph: TopologyGraph
    let subtopology: Subtopology
    let context: TaskContext

    struct Built {
        var sources: [String: SourceProcessor] = [:]
        var flushing: [CommitFlushing] = []
    }

    func build() throws -> Built {
        var built = Built()
        var processors: [Int: Processor] = [:]
        let decodeKey = subtopology.nodes.contains { graph.nodes[$0].functions.readsKey }
        for id in subtopology.nodes {
            let node = graph.nodes[id]
            let processor = try make(node, decodeKey: decodeKey, built: &built)
            processors[id] = processor
            for (index, parentID) in node.parents.enumerated() {
                guard let parent = processors[parentID] as? ForwardingProcessor else { continue }
                parent.children.append(child(for: processor, node: node, parentIndex: index))
            }
        }
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

    private func store(_ name: String?, for node: GraphNode) throws -> StateStore {
        guard let name, let store = context.stores[name] else {
            throw GraphError("operator '\(node.name)' needs a materialized store", at: node.location)
        }
        return store
    }

    private func make(_ node: GraphNode, decodeKey: Bool, built: inout Built) throws -> Processor {
        let inputKeySerde = context.serdes.serde(node.parents.first.map { graph.nodes[$0].keyType } ?? node.keyType)
        switch node.kind {
        case .source:
            let source = SourceProcessor(node: node, context: context, decodeKey: decodeKey)
            built.sources[node.topic ?? ""] = source
            return source
        case .tableSource:
            let source = SourceProcessor(node: node, context: context, decodeKey: decodeKey)
            let table = TableSourceProcessor(node: node, context: context, store: try store(node.store, for: node))
            source.children.append(table)
            built.sources[node.topic ?? ""] = source
            return table
        case .filter, .branch:
            return FilterProcessor(node: node, context: context, keySerde: inputKeySerde)
        case .map, .mapValues, .selectKey, .groupBy, .peek:
            return MappingProcessor(node: node, context: context, keySerde: inputKeySerde)
        case .flatMap, .flatMapValues:
            return FlatMapProcessor(node: node, context: context, keySerde: inputKeySerde)
        case .process:
            return TransformProcessor(node: node, context: context, keySerde: inputKeySerde)
        case .reduce, .aggregate, .count:
            return AggregateProcessor(node: node, context: context, store: try store(node.store, for: node),
                                      keySerde: context.serdes.serde(node.keyType))
        case .tableJoin:
            let left = graph.nodes[node.parents[0]], right = graph.nodes[node.parents[1]]
            return TableJoinProcessor(node: node, context: context, left: try store(left.store, for: left),
                                      right: try store(right.store, for: right),
                                      result: try node.store.map { try store($0, for: node) },
                                      keySerde: context.serdes.serde(node.keyType))
        case .streamTableJoin:
            let table = graph.nodes[node.parents[1]]
            return StreamTableJoinProcessor(node: node, context: context, table: try store(table.store, for: table),
                                            keySerde: context.serdes.serde(node.keyType))
        case .sink:
            let compacting = node.parents.contains { parentFeedsFromTable($0) }
            let repartitions = node.topic.flatMap { graph.topic($0) }?.isInternal == true
            let sink = SinkProcessor(node: node, context: context, inputKeySerde: inputKeySerde, compacting: compacting,
                                     carriesOrigin: repartitions)
            built.flushing.append(sink)
            return sink
        case .externalSink:
            guard let reference = node.plugin, let plugin = context.plugins.sinks[reference.name] else {
                throw GraphError("operator '\(node.name)' names a sink plugin that is not registered", at: node.location)
            }
            let sink = try plugin.makeSink(parameters: reference.parameters, keyType: node.keyType, valueType: node.valueType,
                                           task: context.taskId.description)
            let processor = ExternalSinkProcessor(node: node, context: context, keySerde: inputKeySerde, sink: sink,
                                                  compacting: node.parents.contains { parentFeedsFromTable($0) },
                                                  deadLetterTopic: graph.deadLetterTopic)
            built.flushing.append(processor)
            return processor
        default:
            return PassThroughProcessor(node: node, context: context)
        }
    }

    /// The processor a parent forwards to: joins get a side adapter, stream-table joins ignore table updates.
    private func child(for processor: Processor, node: GraphNode, parentIndex: Int) -> Processor {
        if let join = processor as? TableJoinProcessor {
            return TableJoinProcessor.Side(join: join, isLeft: parentIndex == 0)
        }
        if processor is StreamTableJoinProcessor && parentIndex == 1 { return DiscardProcessor() }
        return processor
    }

    private func parentFeedsFromTable(_ id: Int) -> Bool {
        let node = graph.nodes[id]
        if node.kind == .toStream { return true }
        return node.isTable
    }
}

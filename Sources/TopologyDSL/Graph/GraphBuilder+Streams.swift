/// The one lowering of stream operators: node names, key-change tracking and the nodes each
/// operator adds. The YAML compiler and the Swift DSL both call these (their type rules stay
/// theirs: YAML infers from expressions, the DSL from Swift's types).
extension GraphBuilder {
    /// The stream of `topic`: its node `<topic>-source`, one per topic however often it is read.
    public mutating func stream(_ topic: TopicDeclaration, timestamp: TimestampExtractor? = nil,
                                location: SourceLocation? = nil) -> StreamRef {
        if let existing = topicSources[topic.name] { return existing }
        let id = add("\(topic.name)-source", SourceSpec(timestamp: timestamp), parents: [], keyType: topic.keyType,
                     valueType: topic.valueType, topic: topic.name, detail: timestamp?.detail, location: location)
        let ref = StreamRef(id: id, isTable: false, keyType: topic.keyType, valueType: topic.valueType, keyChanged: false)
        topicSources[topic.name] = ref
        return ref
    }

    /// One step after `input`, named `name`: `spec` with the step's output types (the input's
    /// where nil); `changesKey` marks the key as changed (a later grouping or join repartitions).
    public mutating func step(_ input: StreamRef, named name: String, _ spec: some OperatorSpec, keyType: ValueType? = nil,
                              valueType: ValueType? = nil, changesKey: Bool = false, detail: String? = nil,
                              location: SourceLocation? = nil) -> StreamRef {
        var out = input
        if let keyType { out.keyType = keyType }
        if let valueType { out.valueType = valueType }
        if changesKey { out.keyChanged = true }
        out.id = add(name, spec, parents: [input.id], keyType: out.keyType, valueType: out.valueType, detail: detail,
                     location: location)
        return out
    }

    /// A Processor API step with the stores its processor declared.
    public mutating func process(_ input: StreamRef, named name: String, _ spec: CustomProcessorSpec, stores: [ProcessorStore],
                                 keyType: ValueType? = nil, valueType: ValueType? = nil, changesKey: Bool = false,
                                 detail: String? = nil, location: SourceLocation? = nil) -> StreamRef {
        let out = step(input, named: name, spec, keyType: keyType, valueType: valueType, changesKey: changesKey,
                       detail: detail, location: location)
        for store in stores { addStore(store, writtenBy: out.id) }
        return out
    }

    /// `<name>-merge`: the records of all `inputs` (of one key and value type).
    public mutating func merge(_ inputs: [StreamRef], named name: String, location: SourceLocation? = nil) -> StreamRef {
        let first = inputs[0]
        let id = add("\(name)-merge", MergeSpec(), parents: inputs.map(\.id), keyType: first.keyType,
                     valueType: first.valueType, location: location)
        return StreamRef(id: id, isTable: false, keyType: first.keyType, valueType: first.valueType,
                         keyChanged: inputs.contains(where: \.keyChanged))
    }

    /// A table's changes as a stream, the node `name` (`<table>-to-stream`).
    public mutating func toStream(_ table: StreamRef, named name: String, location: SourceLocation? = nil) -> StreamRef {
        var out = step(table, named: name, ToStreamSpec(), location: location)
        out.isTable = false
        return out
    }

    /// Writes `input` to `topic` (the node `name`, `<owner>-sink`).
    @discardableResult
    public mutating func sink(_ input: StreamRef, to topic: TopicDeclaration, named name: String,
                              location: SourceLocation? = nil) -> StreamRef {
        let id = add(name, SinkSpec(), parents: [input.id], keyType: topic.keyType, valueType: topic.valueType,
                     topic: topic.name, location: location)
        return StreamRef(id: id, isTable: false, keyType: topic.keyType, valueType: topic.valueType, keyChanged: false)
    }

    /// Joins each record of `stream` with `table`'s value for its key: the node `name`, after a
    /// repartition named like it when the stream's key was changed.
    public mutating func streamTableJoin(_ stream: StreamRef, _ table: StreamRef, named name: String, _ spec: StreamTableJoinSpec,
                                         valueType: ValueType, detail: String? = nil,
                                         location: SourceLocation? = nil) -> StreamRef {
        let input = repartitioned(stream, name: name, location: location)
        let id = add(name, spec, parents: [input.id, table.id], keyType: input.keyType, valueType: valueType,
                     detail: detail, location: location)
        return StreamRef(id: id, isTable: false, keyType: input.keyType, valueType: valueType, keyChanged: false)
    }

    /// `input`, through `<application>-<name>-repartition` first if its key was changed.
    mutating func repartitioned(_ input: StreamRef, name: String, location: SourceLocation?) -> StreamRef {
        guard input.keyChanged else { return input }
        var out = input
        out.id = repartition(input.id, name: name, location: location)
        out.keyChanged = false
        return out
    }
}

/// Compiles a `TopologySpec` into an operator graph, reporting every problem as a diagnostic.
struct TopologyCompiler {
    let spec: TopologySpec
    var reader: YAMLReader
    var builder: GraphBuilder
    var types: TypeResolver
    let expressions: ExpressionCompilation
    let plugins: PluginRegistry
    var resolved: [String: StreamRef] = [:]
    var inProgress: Set<String> = []
    /// Names that failed to compile (reported once; later references stay quiet).
    var failed: Set<String> = []
    /// Topics whose records' timestamps are computed (`timestamp:`), by name.
    var timestampExtractors: [String: TimestampExtractor] = [:]

    init(spec: TopologySpec, reader: YAMLReader, plugins: PluginRegistry, functions: ExpressionFunctions) {
        self.spec = spec
        var reader = reader
        types = TypeResolver(types: spec.types, plugins: plugins, reader: &reader)
        self.reader = reader
        builder = GraphBuilder(application: spec.application?.value ?? "streamrun")
        self.plugins = plugins
        expressions = ExpressionCompilation(functions: functions)
    }

    mutating func compile() -> TopologyGraph? {
        declareTopics()
        let sources = declareSources()
        for stream in spec.streams { _ = resolve(stream.name) }
        for table in spec.tables { _ = resolve(table.name) }
        compileHTTP()
        let guarantee = compileProcessingGuarantee()
        guard reader.diagnostics.isEmpty else { return nil }
        do {
            var graph = try builder.build()
            graph.kafkaProperties = spec.kafka
            graph.processingGuarantee = guarantee
            graph.topicSources = sources
            return graph
        } catch {
            for e in error.diagnostics {
                reader.error(e.message, at: e.location ?? SourceLocation(file: reader.file, line: 1, column: 1))
            }
            return nil
        }
    }

    private mutating func compileProcessingGuarantee() -> ProcessingGuarantee? {
        guard let setting = spec.processingGuarantee else { return nil }
        guard let guarantee = ProcessingGuarantee(rawValue: setting.value) else {
            let known = ProcessingGuarantee.allCases.map(\.rawValue).joined(separator: " or ")
            reader.error("unknown processing.guarantee '\(setting.value)' (expected \(known))", at: setting.location)
            return nil
        }
        return guarantee
    }

    private mutating func declareTopics() {
        for topic in spec.topics {
            // A type that does not resolve is reported once; the topic is still declared so that
            // what reads it is checked too, without a cascade of "unknown topic" errors.
            let key = types.resolve(topic.key, reader: &reader) ?? .any
            let value = types.resolve(topic.value, reader: &reader) ?? .any
            builder.declareTopic(
                TopicDeclaration(
                    name: topic.name.value, partitions: Int32(topic.partitions),
                    keyType: key, valueType: value, compacted: topic.compacted,
                    retentionMs: topic.retentionMs, retentionBytes: topic.retentionBytes))
            if let source = topic.timestamp,
                let extractor = timestampExtractor(source, key: key, value: value, topic: topic.name.value)
            {
                timestampExtractors[topic.name.value] = extractor
            }
        }
    }

    /// Compiles a topic's `timestamp:` expression, which must give epoch milliseconds (an integer).
    private mutating func timestampExtractor(
        _ source: Located<String>, key: ValueType, value: ValueType,
        topic: String
    ) -> TimestampExtractor? {
        guard let expr = expressions.compile(source, Self.recordLayout(key, value), reader: &reader) else { return nil }
        expect(
            expr, at: source, fits: .int64, subject: "the timestamp of topic '\(topic)'",
            destination: "a timestamp is epoch milliseconds,")
        return TimestampExtractor(readsKey: expr.usesVariable("key"), detail: "timestamp: \(source.value)") {
            key, value, _ in
            let result = try ExpressionClosures.evaluate(expr, key, value)
            guard let milliseconds = result.intValue else {
                throw EvaluationError(
                    "the timestamp '\(source.value)' gave \(ValueText.plain(result)), not epoch milliseconds",
                    code: .typeMismatch)
            }
            return milliseconds
        }
    }

    /// The node a name refers to: a stream, a table or a topic (read as a stream).
    mutating func resolve(_ name: Located<String>) -> StreamRef? {
        if let done = resolved[name.value] { return done }
        if failed.contains(name.value) { return nil }
        if inProgress.contains(name.value) {
            reader.error("'\(name.value)' depends on itself", at: name.location)
            return nil
        }
        inProgress.insert(name.value)
        defer { inProgress.remove(name.value) }
        var result: StreamRef?
        if let stream = spec.streams.first(where: { $0.name.value == name.value }) {
            result = compileStream(stream)
        } else if let table = spec.tables.first(where: { $0.name.value == name.value }) {
            result = compileTable(table)
        } else if builder.topic(name.value) != nil {
            return topicSource(name)
        } else if let parent = spec.streams.first(where: {
            $0.steps.contains { $0.branches.contains { $0.name.value == name.value } }
        }) {
            _ = resolve(parent.name)
            return resolved[name.value]
        } else {
            let known = spec.streams.map(\.name.value) + spec.tables.map(\.name.value) + spec.topics.map(\.name.value)
            reader.error(
                "unknown stream, table or topic '\(name.value)'; known: \(known.joined(separator: ", "))",
                at: name.location)
        }
        if let result { resolved[name.value] = result } else { failed.insert(name.value) }
        return result
    }

    /// The source node reading `topic` (one per topic).
    mutating func topicSource(_ name: Located<String>) -> StreamRef? {
        guard let topic = builder.topic(name.value) else {
            reader.error("unknown topic '\(name.value)'; declare it under 'topics'", at: name.location)
            return nil
        }
        return builder.stream(topic, timestamp: timestampExtractors[topic.name], location: name.location)
    }

    /// Adds a node that writes `ref` through a sink plugin (after a to-stream, for tables).
    private mutating func externalSink(_ ref: StreamRef, _ spec: PluginSpec, owner: String) {
        guard let plugin = plugins.sinks[spec.name.value] else {
            return reportUnknownPlugin("sink", spec.name, known: Array(plugins.sinks.keys))
        }
        do {
            try plugin.check(parameters: spec.parameters, keyType: ref.keyType, valueType: ref.valueType)
        } catch {
            reader.error("sink plugin '\(spec.name.value)': \(error)", at: spec.name.location)
            return
        }
        let input = ref.isTable ? builder.toStream(ref, named: "\(owner)-to-stream", location: spec.name.location) : ref
        _ = builder.step(
            input, named: "\(owner)-\(spec.name.value)-sink",
            ExternalSinkSpec(plugin: PluginReference(name: spec.name.value, parameters: spec.parameters)),
            detail: spec.name.value, location: spec.name.location)
    }

    /// Checks the source plugins of topics and records them in the graph.
    mutating func declareSources() -> [String: PluginReference] {
        var sources: [String: PluginReference] = [:]
        for topic in spec.topics {
            guard let source = topic.source, let declared = builder.topic(topic.name.value) else { continue }
            guard let plugin = plugins.sources[source.name.value] else {
                reportUnknownPlugin("source", source.name, known: Array(plugins.sources.keys))
                continue
            }
            do {
                try plugin.check(
                    parameters: source.parameters, keyType: declared.keyType, valueType: declared.valueType)
                sources[topic.name.value] = PluginReference(name: source.name.value, parameters: source.parameters)
            } catch {
                reader.error("source plugin '\(source.name.value)': \(error)", at: source.name.location)
            }
        }
        return sources
    }

    /// Reports a plugin name nobody registered, with the names that are.
    mutating func reportUnknownPlugin(_ kind: String, _ name: Located<String>, known: [String]) {
        let list = known.isEmpty ? "none registered" : known.sorted().joined(separator: ", ")
        reader.error("unknown \(kind) plugin '\(name.value)'; known: \(list)", at: name.location)
    }

    /// Resolves a type override, or keeps `inferred`.
    mutating func type(_ override: Located<String>?, inferred: ValueType) -> ValueType {
        guard let override else { return inferred }
        return types.resolve(override, reader: &reader) ?? inferred
    }

    /// Adds a sink writing `ref` to a topic or through a sink plugin.
    mutating func sink(_ ref: StreamRef, to target: TargetSpec, owner: String) {
        guard case .topic(let to) = target else {
            if case .sink(let plugin) = target { externalSink(ref, plugin, owner: owner) }
            return
        }
        guard let topic = builder.topic(to.value) else {
            reader.error("unknown topic '\(to.value)' in 'to'; declare it under 'topics'", at: to.location)
            return
        }
        let input = ref.isTable ? builder.toStream(ref, named: "\(owner)-to-stream", location: to.location) : ref
        if !ref.keyType.canBeWritten(as: topic.keyType) || !ref.valueType.canBeWritten(as: topic.valueType) {
            reader.error(
                "'\(owner)' has key \(ref.keyType) and value \(ref.valueType), but topic '\(topic.name)' takes key "
                    + "\(topic.keyType) and value \(topic.valueType)", at: to.location)
        }
        builder.sink(input, to: topic, named: "\(owner)-sink", location: to.location)
    }
}

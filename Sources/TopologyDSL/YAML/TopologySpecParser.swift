import Yams

/// Turns a topology file's YAML into a `TopologySpec`, reporting every shape error with its position.
struct TopologySpecParser {
    var reader: YAMLReader

    init(file: String) { reader = YAMLReader(file: file) }

    static let topLevelKeys = [
        "application", "types", "topics", "streams", "tables", "http", "kafka", "schema-registry",
        "processing.guarantee",
    ]

    mutating func parse(_ text: String) -> TopologySpec {
        var spec = TopologySpec()
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                reader.error("the topology file is empty", at: SourceLocation(file: reader.file, line: 1, column: 1))
                return spec
            }
            root = node
        } catch {
            reader.error(Self.describe(error), at: Self.location(of: error, file: reader.file))
            return spec
        }
        guard let entries = reader.mapping(root, "the topology") else { return spec }
        reader.checkKeys(entries, allowed: Self.topLevelKeys, in: "the topology")
        for entry in entries {
            switch entry.key {
            case "application": spec.application = reader.string(entry.value, "application")
            case "types": spec.types = parseTypes(entry.value)
            case "topics": spec.topics = parseTopics(entry.value)
            case "streams": spec.streams = parseStreams(entry.value)
            case "tables": spec.tables = parseTables(entry.value)
            case "http": parseHTTP(entry.value, into: &spec)
            case "schema-registry": _ = reader.string(entry.value, "schema-registry")  // read before loading (TopologyLoader.setting)
            case "processing.guarantee": spec.processingGuarantee = reader.string(entry.value, "processing.guarantee")
            case "kafka":
                for item in reader.mapping(entry.value, "kafka") ?? [] {
                    if let value = reader.string(item.value, "kafka property '\(item.key)'") {
                        spec.kafka[item.key] = value.value
                    }
                }
            default: break
            }
        }
        if spec.application == nil {
            reader.error(
                "missing 'application' (the application id, e.g. application: myApp)", at: reader.location(root))
        }
        return spec
    }

    private mutating func parseTypes(_ node: Node) -> [TypeSpec] {
        guard let entries = reader.mapping(node, "types") else { return [] }
        return entries.compactMap { entry in
            let name = Located(entry.key, at: reader.location(entry.keyNode))
            guard let body = reader.mapping(entry.value, "type '\(entry.key)'") else { return nil }
            reader.checkKeys(body, allowed: ["format", "fields", "avro"], in: "type '\(entry.key)'")
            var spec = TypeSpec(name: name, serde: nil, fields: [])
            for item in body {
                switch item.key {
                case "format": spec.serde = reader.string(item.value, "format")
                case "avro":
                    spec.serde = Located("avro", at: reader.location(item.keyNode))
                    spec.schemaFile = reader.string(item.value, "avro schema file")
                case "fields":
                    for field in reader.mapping(item.value, "fields of '\(entry.key)'") ?? [] {
                        if let type = reader.string(field.value, "the type of field '\(field.key)'") {
                            spec.fields.append((field.key, type))
                        }
                    }
                default: break
                }
            }
            if spec.fields.isEmpty && spec.schemaFile == nil {
                reader.error(
                    "type '\(entry.key)' needs 'fields' (or a schema file, e.g. avro: schemas/x.avsc)",
                    at: entry.keyNode)
            }
            return spec
        }
    }

    private mutating func parseTopics(_ node: Node) -> [TopicSpec] {
        guard let entries = reader.mapping(node, "topics") else { return [] }
        return entries.compactMap { entry in
            guard let body = reader.mapping(entry.value, "topic '\(entry.key)'") else { return nil }
            reader.checkKeys(
                body,
                allowed: [
                    "partitions", "key", "value", "source", "cleanup.policy", "retention.ms",
                    "retention.bytes", "timestamp",
                ], in: "topic '\(entry.key)'")
            let name = Located(entry.key, at: reader.location(entry.keyNode))
            var partitions = 1
            var key = Located("bytes", at: name.location)
            var value = Located("bytes", at: name.location)
            var source: PluginSpec?
            var compacted = false
            var retentionMs: Int64?
            var retentionBytes: Int64?
            var timestamp: Located<String>?
            for item in body {
                switch item.key {
                case "source": source = reader.plugin(item.value, nameKey: "plugin", "source")
                case "cleanup.policy":
                    switch reader.string(item.value, "cleanup.policy")?.value {
                    case "compact"?: compacted = true
                    case "delete"?: compacted = false
                    case let other?:
                        reader.error("cleanup.policy must be 'compact' or 'delete', got '\(other)'", at: item.value)
                    case nil: break  // reported by the reader
                    }
                case "retention.ms":
                    retentionMs = reader.int(item.value, "retention.ms", range: -1...Int.max).map(Int64.init)
                case "retention.bytes":
                    retentionBytes = reader.int(item.value, "retention.bytes", range: -1...Int.max).map(Int64.init)
                case "timestamp": timestamp = reader.string(item.value, "timestamp")
                case "partitions": partitions = reader.int(item.value, "partitions", range: 1...10_000) ?? 1
                case "key": key = reader.string(item.value, "key type") ?? key
                case "value": value = reader.string(item.value, "value type") ?? value
                default: break
                }
            }
            return TopicSpec(
                name: name, partitions: partitions, key: key, value: value, source: source,
                compacted: compacted, retentionMs: retentionMs, retentionBytes: retentionBytes,
                timestamp: timestamp)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
                .composer(let context, let problem, _, _):
                return "invalid YAML: \(problem)" + (context.map { " \($0.text)" } ?? "")
            default: break
            }
        }
        return "invalid YAML: \(error)"
    }

    static func location(of error: any Error, file: String) -> SourceLocation {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                return SourceLocation(file: file, line: mark.line, column: mark.column)
            default: break
            }
        }
        return SourceLocation(file: file, line: 1, column: 1)
    }
}

import Foundation
public import StreamrunEngine
public import TopologyDSL

/// The registry's subjects, versions, ids and compatibility settings, kept in a compacted topic
/// (`_schemas`) on any transport: Kafka, or the embedded log in a data directory.
public actor SchemaRegistryStore {
    let topic: String
    let transport: any LogTransport
    let producer: any LogProducer
    let checker: any SchemaChecker
    private var versions: [String: [RegisteredSchema]] = [:]
    private var byID: [Int32: RegisteredSchema] = [:]
    private var canonical: [Int32: String] = [:]
    private var levels: [String: CompatibilityLevel] = [:]
    private var globalLevel = CompatibilityLevel.backward

    public init(transport: any LogTransport, checker: any SchemaChecker, topic: String = "_schemas") throws {
        self.transport = transport
        self.checker = checker
        self.topic = topic
        try transport.createTopics([TopicSpec(name: topic, partitions: 1, compacted: true)])
        producer = try transport.makeProducer()
    }

    /// Reads every record of the topic written so far.
    public func load() throws {
        let partition = TopicPartition(topic, 0)
        let end = try transport.endOffset(of: partition)
        try PartitionReplay(transport: transport, partition: partition).read(from: 0, to: end) { view in
            guard let key = view.key.flatMap({ try? JSONReader.parse($0) }) else { return }
            apply(key: key, value: view.value.flatMap { try? JSONReader.parse($0) })
        }
    }

    private func apply(key: Value, value: Value?) {
        switch key[field: "keytype"].stringValue {
        case "SCHEMA":
            guard let value, let schema = RegisteredSchema(value) else { return }
            versions[schema.subject, default: []].removeAll { $0.version == schema.version }
            versions[schema.subject, default: []].append(schema)
            versions[schema.subject]?.sort { $0.version < $1.version }
            byID[schema.id] = schema
            canonical[schema.id] = (try? checker.canonicalForm(of: schema.schema)) ?? schema.schema
        case "CONFIG":
            guard let level = value?[field: "compatibilityLevel"].stringValue.flatMap(CompatibilityLevel.init) else {
                return
            }
            if let subject = key[field: "subject"].stringValue { levels[subject] = level } else { globalLevel = level }
        default: break
        }
    }

    private func append(key: Value, value: Value) async throws {
        _ = try await producer.send(
            OutgoingRecord(
                topic: topic, partition: 0, key: JSONWriter.encode(key),
                value: JSONWriter.encode(value), timestamp: Int64(Date().timeIntervalSince1970 * 1000)))
        apply(key: key, value: value)
    }

    public var subjects: [String] { versions.keys.sorted() }

    public func versions(of subject: String) throws(RegistryError) -> [RegisteredSchema] {
        guard let list = versions[subject], !list.isEmpty else { throw .subjectNotFound(subject) }
        return list
    }

    /// Version `version` (a number, or `latest`/`-1`) of `subject`.
    public func version(_ version: String, of subject: String) throws(RegistryError) -> RegisteredSchema {
        let list = try versions(of: subject)
        if version == "latest" || version == "-1" { return list[list.count - 1] }
        guard let number = Int(version), number > 0 else { throw .invalidVersion(version) }
        guard let found = list.first(where: { $0.version == number }) else { throw .versionNotFound(version) }
        return found
    }

    public func schema(id: Int32) throws(RegistryError) -> RegisteredSchema {
        guard let schema = byID[id] else { throw .schemaNotFound() }
        return schema
    }

    public func compatibility(of subject: String?) -> CompatibilityLevel {
        subject.flatMap { levels[$0] } ?? globalLevel
    }

    public func setCompatibility(_ level: CompatibilityLevel, for subject: String?) async throws {
        let key: Value = .record(
            Fields([("keytype", "CONFIG"), ("subject", subject.map { .string($0) } ?? .null), ("magic", 0)]))
        try await append(key: key, value: .record(Fields([("compatibilityLevel", .string(level.name))])))
    }

    /// The version of `subject` whose schema equals `schema`.
    public func lookup(_ schema: String, in subject: String) throws(RegistryError) -> RegisteredSchema {
        let form = try canonicalForm(schema)
        guard let found = try versions(of: subject).first(where: { canonical[$0.id] == form }) else {
            throw .schemaNotFound()
        }
        return found
    }

    /// What keeps `schema` from being registered under `subject` now (against `version`, or per the
    /// subject's compatibility level when nil).
    public func incompatibilities(_ schema: String, subject: String, version: String? = nil) throws(RegistryError)
        -> [String]
    {
        _ = try canonicalForm(schema)
        let level = compatibility(of: subject)
        var earlier = versions[subject] ?? []
        if let version {
            earlier = [try self.version(version, of: subject)]
        } else if !level.isTransitive, let last = earlier.last {
            earlier = [last]
        }
        if version == nil && level == .none { return [] }
        var problems: [String] = []
        for old in earlier {
            if level.checksBackward || version != nil {
                problems += checker.incompatibilities(reader: schema, writer: old.schema).map {
                    "version \(old.version): \($0)"
                }
            }
            if level.checksForward {
                problems += checker.incompatibilities(reader: old.schema, writer: schema).map {
                    "version \(old.version) reading new data: \($0)"
                }
            }
        }
        return problems
    }

    /// Registers `schema` under `subject` (or returns the version that already has it).
    public func register(_ schema: String, subject: String, schemaType: String = "AVRO") async throws
        -> RegisteredSchema
    {
        if let existing = try? lookup(schema, in: subject) { return existing }
        let problems = try incompatibilities(schema, subject: subject)
        guard problems.isEmpty else { throw RegistryError.incompatible(problems) }
        let form = try canonicalForm(schema)
        let id = canonical.first(where: { $0.value == form })?.key ?? ((byID.keys.max() ?? 0) + 1)
        let version = (versions[subject]?.last?.version ?? 0) + 1
        let registered = RegisteredSchema(
            subject: subject, version: version, id: id, schema: schema, schemaType: schemaType)
        let key: Value = .record(
            Fields([
                ("keytype", "SCHEMA"), ("subject", .string(subject)), ("version", .int(Int64(version))),
                ("magic", 1),
            ]))
        try await append(key: key, value: registered.value)
        return registered
    }

    private func canonicalForm(_ schema: String) throws(RegistryError) -> String {
        do { return try checker.canonicalForm(of: schema) } catch { throw .invalidSchema("\(error)") }
    }
}

extension SchemaRegistryStore: SchemaRegistrar {
    public func register(schema: String, subject: String) async throws -> Int32 {
        try await register(schema, subject: subject).id
    }
}

public import TopologyDSL

/// The `avro` serde plugin: makes an `AvroSerde` for a `ValueType` whose `serde` is `avro`, with the
/// schema registered under the type's name in `schemas` and ids from `ids` (a registry client, or
/// `LocalSchemaIds`). Serdes are cached per (schema, subject), so every task shares one.
///
/// Subjects: `makeSerde(for:)` (the `SerdePlugin` entry point) uses the type name as the subject;
/// a caller that knows the topic passes Confluent's TopicNameStrategy subject instead,
/// `makeSerde(for: type, subject: AvroSerdePlugin.subject(topic: "t", isKey: true))` → `t-key`.
public final class AvroSerdePlugin: SerdePlugin {
    public let name = "avro"
    public let schemas: AvroSchemas
    public let ids: any SchemaIdProvider
    private let serdes = Locked<[Key: AvroSerde]>([:])

    private struct Key: Hashable {
        let schema: ObjectIdentifier
        let subject: String
        let typeName: String
    }

    public init(schemas: AvroSchemas, ids: any SchemaIdProvider = LocalSchemaIds()) {
        self.schemas = schemas
        self.ids = ids
    }

    public func makeSerde(for type: ValueType) throws(SerdeError) -> any Serde {
        try makeSerde(for: type, subject: nil)
    }

    /// The serde for `type` writing under `subject` (default: the type's name).
    public func makeSerde(for type: ValueType, subject: String?) throws(SerdeError) -> AvroSerde {
        guard type.serde == name else {
            throw SerdeError("the avro serde cannot write type \(type.name), whose serde is '\(type.serde)'")
        }
        guard let schema = schemas.schema(for: type) else {
            let known = schemas.typeNames
            throw SerdeError(
                "no Avro schema is loaded for type '\(type.name)'"
                    + (known.isEmpty ? "" : "; loaded: \(known.joined(separator: ", "))"))
        }
        let subject = subject ?? type.name
        let key = Key(schema: ObjectIdentifier(schema), subject: subject, typeName: type.name)
        if let serde = serdes.withLock({ $0[key] }) { return serde }
        let serde = try AvroSerde(schema: schema, subject: subject, ids: ids, typeName: type.name)
        return serdes.withLock { cached in
            if let existing = cached[key] { return existing }
            cached[key] = serde
            return serde
        }
    }

    public func makeSerde(for type: ValueType, topic: String, isKey: Bool) throws(SerdeError) -> any Serde {
        try makeSerde(for: type, subject: Self.subject(topic: topic, isKey: isKey))
    }

    /// Loads the `.avsc` file and returns the type `name` it defines (`types: Name: { avro: file }`).
    public func loadType(named name: String, file: String) throws -> ValueType? {
        _ = try schemas.load(file: file)
        guard let type = schemas.valueType(named: name) else {
            throw SerdeError(
                "\(file) defines no type named '\(name)'; it defines: \(schemas.typeNames.joined(separator: ", "))")
        }
        return type
    }

    /// Learns the ids of the schemas of every Avro key and value of the topology's topics, each
    /// under its topic's subject, from `ids` (registering them where `ids` keeps them).
    public func prepare(_ preparation: SerdePreparation) async throws {
        var subjects: [SubjectSchema] = []
        for topic in preparation.graph.topics {
            for (type, isKey) in [(topic.keyType, true), (topic.valueType, false)] where type.serde == name {
                guard let schema = schemas.schema(for: type) else { continue }
                subjects.append(SubjectSchema(subject: Self.subject(topic: topic.name, isKey: isKey), schema: schema))
            }
        }
        try await ids.prepare(subjects, localRegistry: preparation.localRegistry)
    }

    /// Confluent's default (TopicNameStrategy) subject for a topic's keys or values: `<topic>-key`, `<topic>-value`.
    public static func subject(topic: String, isKey: Bool) -> String { "\(topic)-\(isKey ? "key" : "value")" }
}

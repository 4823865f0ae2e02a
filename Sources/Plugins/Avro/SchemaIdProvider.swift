public import TopologyDSL

/// Where Avro schema ids come from: a Confluent Schema Registry client, or `LocalSchemaIds` when
/// none is configured. Implementations are called from several threads; `AvroSerde` caches what
/// they return (its writer id once, each writer schema by id), so each is asked once per serde.
public protocol SchemaIdProvider: Sendable {
    /// The id of `schema` under `subject`, registering it there first if needed (register-or-lookup,
    /// as Confluent's serializers do with `auto.register.schemas`).
    func id(for schema: AvroSchema, subject: String) throws -> Int32

    /// The schema with `id` (a writer's schema, to decode a record framed with that id).
    func schema(id: Int32) throws -> AvroSchema

    /// Before the topology runs: learns the ids of `schemas` ahead (registering them where they are
    /// kept), so that serializing a record of the topology never waits on a registry. A provider
    /// with no registry of its own keeps them in `localRegistry` (the transport's `_schemas` topic).
    func prepare(_ schemas: [SubjectSchema], localRegistry: @Sendable () async throws -> any SchemaRegistrar)
        async throws
}

extension SchemaIdProvider {
    /// Nothing to learn ahead: a provider that answers from memory (a test's registry).
    public func prepare(_ schemas: [SubjectSchema], localRegistry: @Sendable () async throws -> any SchemaRegistrar)
        async throws
    {}
}

/// A schema under the subject a topic's keys or values are registered under (`<topic>-key`).
public struct SubjectSchema: Sendable {
    public let subject: String
    public let schema: AvroSchema

    public init(subject: String, schema: AvroSchema) {
        self.subject = subject
        self.schema = schema
    }
}

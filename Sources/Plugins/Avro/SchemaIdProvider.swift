/// Where Avro schema ids come from: a Confluent Schema Registry client, or `LocalSchemaIds` when
/// none is configured. Implementations are called from several threads; `AvroSerde` caches what
/// they return (its writer id once, each writer schema by id), so each is asked once per serde.
public protocol SchemaIdProvider: Sendable {
    /// The id of `schema` under `subject`, registering it there first if needed (register-or-lookup,
    /// as Confluent's serializers do with `auto.register.schemas`).
    func id(for schema: AvroSchema, subject: String) throws -> Int32

    /// The schema with `id` (a writer's schema, to decode a record framed with that id).
    func schema(id: Int32) throws -> AvroSchema
}

/// Why a schema id could not be found or assigned.
public struct SchemaIdError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        /// The provider answered: no such id, or the schema cannot be registered (incompatible, invalid).
        case refused
        /// The provider could not be asked (a registry that refuses connections, times out or
        /// answers 5xx): the same question may be answered later.
        case unreachable
    }

    public let description: String
    public let code: Code
    public init(_ description: String, code: Code = .refused) {
        self.description = description
        self.code = code
    }
}

public import TopologyDSL

/// An in-process `SchemaIdProvider`: assigns ids 1, 2, ... to distinct schemas (by canonical form,
/// so one schema has one id whatever its subject, as in Confluent's registry) and remembers the
/// subjects each was registered under. Thread-safe. The default when no registry is configured.
public final class LocalSchemaIds: SchemaIdProvider {
    private struct State {
        var idsByCanonicalForm: [String: Int32] = [:]
        var schemasById: [Int32: AvroSchema] = [:]
        var subjects: [String: [Int32]] = [:]
        var nextId: Int32 = 1
    }

    private let state = Locked(State())

    public init() {}

    public func id(for schema: AvroSchema, subject: String) throws -> Int32 {
        state.withLock { state in
            let id: Int32
            if let known = state.idsByCanonicalForm[schema.canonicalForm] {
                id = known
            } else {
                while state.schemasById[state.nextId] != nil { state.nextId += 1 }
                id = state.nextId
                state.nextId += 1
                state.idsByCanonicalForm[schema.canonicalForm] = id
                state.schemasById[id] = schema
            }
            if !(state.subjects[subject] ?? []).contains(id) { state.subjects[subject, default: []].append(id) }
            return id
        }
    }

    public func schema(id: Int32) throws -> AvroSchema {
        guard let schema = state.withLock({ $0.schemasById[id] }) else {
            throw AvroError("no schema with id \(id) is known (in-process schema ids)", code: .refused)
        }
        return schema
    }

    /// Pins `schema` to `id` (e.g. ids taken from a real registry, or fixed ids in tests); throws if
    /// the id already names another schema or the schema already has another id.
    public func register(_ schema: AvroSchema, id: Int32, subject: String? = nil) throws {
        try state.withLock { state throws(AvroError) in
            if let other = state.schemasById[id], !other.isSameSchema(as: schema) {
                throw AvroError("schema id \(id) already names another schema", code: .refused)
            }
            if let other = state.idsByCanonicalForm[schema.canonicalForm], other != id {
                throw AvroError("this schema already has id \(other)", code: .refused)
            }
            state.schemasById[id] = schema
            state.idsByCanonicalForm[schema.canonicalForm] = id
            if let subject, !(state.subjects[subject] ?? []).contains(id) {
                state.subjects[subject, default: []].append(id)
            }
        }
    }

    /// Registers each schema in `localRegistry` (the transport's `_schemas` topic) and pins the id
    /// it answers, so that ids (and the key bytes they are part of) stay the same across restarts.
    public func prepare(_ schemas: [SubjectSchema], localRegistry: @Sendable () async throws -> any SchemaRegistrar)
        async throws
    {
        guard !schemas.isEmpty else { return }
        let registry = try await localRegistry()
        for entry in schemas {
            let id = try await registry.register(schema: entry.schema.json, subject: entry.subject)
            try register(entry.schema, id: id, subject: entry.subject)
        }
    }

    /// The ids registered under `subject`, oldest first (its versions).
    public func ids(subject: String) -> [Int32] { state.withLock { $0.subjects[subject] ?? [] } }
}

public import Hummingbird
import StreamrunHTTP
import TopologyDSL

/// The core of Confluent's Schema Registry REST API over a `SchemaRegistryStore`: subjects,
/// versions, schemas by id, compatibility checks and settings.
public struct SchemaRegistryRoutes: Sendable {
    static let contentType = "application/vnd.schemaregistry.v1+json"
    let store: SchemaRegistryStore

    public init(store: SchemaRegistryStore) { self.store = store }

    static func json(_ value: Value) -> Response {
        APIResponse.bytes(JSONWriter.encode(value), contentType: contentType)
    }

    /// Runs `body`, turning a `RegistryError` (or any other error) into Confluent's error response.
    static func answer(_ body: () async throws -> Value) async -> Response {
        do { return json(try await body()) } catch let error as RegistryError { return error.response } catch {
            return RegistryError(status: 500, code: 50001, message: "\(error)").response
        }
    }

    /// The `schema` (and `schemaType`) of a request body.
    static func schemaBody(_ request: Request) async throws -> (schema: String, type: String) {
        let isJSON: (String) -> Bool = { $0.contains("json") || $0.hasPrefix("application/octet-stream") }
        let body: Value
        do { body = try await RequestReader.jsonObject(request, isJSON: isJSON) } catch {
            throw RegistryError(status: error.status.code, code: error.status.code * 100, message: error.message)
        }
        guard case .string(let schema) = body[field: "schema"] else {
            throw RegistryError.badRequest("the body needs a 'schema' string")
        }
        let type = body[field: "schemaType"].stringValue ?? "AVRO"
        guard type == "AVRO" else { throw RegistryError.badRequest("only AVRO schemas are supported, got \(type)") }
        return (schema, type)
    }

    public func register(on router: Router<BasicRequestContext>) {
        let store = self.store
        router.get("/") { _, _ in Self.json(.record(Fields())) }
        router.get("/subjects") { _, _ in await Self.answer { .list(await store.subjects.map { .string($0) }) } }
        router.get("/subjects/{subject}/versions") { _, context in
            await Self.answer {
                .list(
                    try await store.versions(of: context.parameters.require("subject")).map { .int(Int64($0.version)) })
            }
        }
        router.get("/subjects/{subject}/versions/{version}") { _, context in
            await Self.answer {
                try await store.version(
                    context.parameters.require("version"), of: context.parameters.require("subject")
                ).value
            }
        }
        router.get("/subjects/{subject}/versions/{version}/schema") { _, context in
            do {
                let found = try await store.version(
                    context.parameters.require("version"), of: context.parameters.require("subject"))
                return APIResponse.bytes(Array(found.schema.utf8), contentType: Self.contentType)
            } catch let error as RegistryError { return error.response } catch {
                return RegistryError(status: 500, code: 50001, message: "\(error)").response
            }
        }
        router.post("/subjects/{subject}/versions") { request, context in
            await Self.answer {
                let body = try await Self.schemaBody(request)
                let registered = try await store.register(
                    body.schema, subject: context.parameters.require("subject"),
                    schemaType: body.type)
                return .record(Fields([("id", .int(Int64(registered.id)))]))
            }
        }
        router.post("/subjects/{subject}") { request, context in
            await Self.answer {
                try await store.lookup(
                    try await Self.schemaBody(request).schema, in: context.parameters.require("subject")
                ).value
            }
        }
        router.get("/schemas/ids/{id}") { _, context in
            await Self.answer {
                guard let id = Int32(try context.parameters.require("id")) else { throw RegistryError.schemaNotFound() }
                let found = try await store.schema(id: id)
                var fields = Fields([("schema", .string(found.schema))])
                if found.schemaType != "AVRO" { fields.set("schemaType", .string(found.schemaType)) }
                return .record(fields)
            }
        }
        router.post("/compatibility/subjects/{subject}/versions/{version}") { request, context in
            await Self.answer {
                let problems = try await store.incompatibilities(
                    try await Self.schemaBody(request).schema,
                    subject: context.parameters.require("subject"),
                    version: context.parameters.require("version"))
                return .record(
                    Fields([
                        ("is_compatible", .bool(problems.isEmpty)),
                        ("messages", .list(problems.map { .string($0) })),
                    ]))
            }
        }
        for path in ["/config", "/config/{subject}"] {
            router.get(RouterPath(path)) { _, context in
                await Self.answer {
                    .record(
                        Fields([
                            (
                                "compatibilityLevel",
                                .string(await store.compatibility(of: context.parameters.get("subject")).name)
                            )
                        ]))
                }
            }
            router.put(RouterPath(path)) { request, context in
                await Self.answer {
                    guard
                        let body = try? await RequestReader.jsonObject(request, isJSON: { $0.contains("json") }),
                        let level = body[field: "compatibility"].stringValue.flatMap(CompatibilityLevel.init)
                    else {
                        throw RegistryError.badRequest(
                            "the body needs 'compatibility': NONE, BACKWARD, FORWARD, FULL (or _TRANSITIVE)")
                    }
                    try await store.setCompatibility(level, for: context.parameters.get("subject"))
                    return .record(Fields([("compatibility", .string(level.name))]))
                }
            }
        }
    }
}

import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
public import Plugins
import StreamrunHTTP
public import TopologyDSL

/// A client of a Confluent-compatible schema registry (`--schema-registry URL`): registers schemas
/// under subjects and looks them up by id, caching both, on AsyncHTTPClient (`OutboundHTTP.client`).
/// A registry that cannot be asked (connection refused, a timeout, a 5xx, 408 or 429 answer) throws
/// `AvroError` `.unreachable`; any other answer that is not a success (404 unknown id, 409
/// incompatible, ...) throws `.refused`.
///
/// Before the topology runs, `prepare` registers its schemas without blocking a thread. After that
/// the synchronous lookups a serde makes are answered from the cache, but for a writer schema id
/// the runner has not seen yet: that question waits on the calling thread, which is the stream
/// thread (never an event loop or a Swift concurrency thread).
public final class SchemaRegistryClient: SchemaIdProvider {
    public let baseURL: String
    private let timeout: Duration
    private let ids = Locked<[String: Int32]>([:])
    private let schemas = Locked<[Int32: AvroSchema]>([:])

    public init(baseURL: String, timeout: Duration = .seconds(10)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = timeout
    }

    public func id(for schema: AvroSchema, subject: String) throws -> Int32 {
        if let id = ids.withLock({ $0[Self.cacheKey(schema, subject)] }) { return id }
        return try remember(schema, subject: subject, reply: try register(schema, subject: subject).wait())
    }

    public func schema(id: Int32) throws -> AvroSchema {
        if let schema = schemas.withLock({ $0[id] }) { return schema }
        let path = "/schemas/ids/\(id)"
        let reply = try value(of: try request(.GET, path, body: nil).wait(), "GET \(path)")
        guard case .string(let text) = reply[field: "schema"] else {
            throw AvroError("schema registry: no schema \(id)", code: .refused)
        }
        let schema = try AvroSchema(json: text)
        schemas.withLock { $0[id] = schema }
        return schema
    }

    /// Registers every schema of the topology, asynchronously, so that its serdes find their ids cached.
    public func prepare(
        _ schemas: [SubjectSchema], localRegistry: @Sendable () async throws -> any SchemaRegistrar
    ) async throws {
        for entry in schemas where ids.withLock({ $0[Self.cacheKey(entry.schema, entry.subject)] }) == nil {
            let reply = try await register(entry.schema, subject: entry.subject).get()
            _ = try remember(entry.schema, subject: entry.subject, reply: reply)
        }
    }

    /// Whether an answer with `status` says "not now" rather than "no": a server error, 408, 429.
    static func isRetriable(status: Int) -> Bool { status >= 500 || status == 408 || status == 429 }

    static func escape(_ subject: String) -> String {
        subject.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? subject
    }

    private static func cacheKey(_ schema: AvroSchema, _ subject: String) -> String {
        subject + "\u{0}" + schema.canonicalForm
    }

    private func register(_ schema: AvroSchema, subject: String) -> EventLoopFuture<HTTPClient.Response> {
        let body = JSONWriter.encode(.record(Fields([("schema", .string(schema.json))])))
        return request(.POST, Self.versionsPath(subject), body: body)
    }

    private static func versionsPath(_ subject: String) -> String {
        "/subjects/\(escape(subject))/versions"
    }

    /// The id in a registration's `reply`, cached for `schema` under `subject`.
    private func remember(_ schema: AvroSchema, subject: String, reply: HTTPClient.Response) throws -> Int32 {
        let value = try value(of: reply, "POST \(Self.versionsPath(subject))")
        guard case .int(let id) = value[field: "id"] else {
            throw AvroError("schema registry: no id in \(JSONWriter.string(value))", code: .refused)
        }
        let narrow = Int32(truncatingIfNeeded: id)
        ids.withLock { $0[Self.cacheKey(schema, subject)] = narrow }
        schemas.withLock { $0[narrow] = schema }
        return narrow
    }

    /// One request to the registry: a future that a serde waits on (`wait()`, on the stream thread)
    /// and `prepare` awaits (`get()`). A registry that cannot be reached fails it with `.unreachable`.
    private func request(_ method: HTTPMethod, _ path: String, body: [UInt8]?) -> EventLoopFuture<HTTPClient.Response> {
        let client = OutboundHTTP.client
        let base = baseURL
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        var headers = HTTPHeaders()
        if body != nil { headers.add(name: "Content-Type", value: SchemaRegistryRoutes.contentType) }
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(
                url: base + path, method: method, headers: headers, body: body.map { .bytes($0) })
        } catch {
            return client.eventLoopGroup.next().makeFailedFuture(
                AvroError("schema registry: bad URL \(base + path)", code: .refused))
        }
        return client.execute(request: request, deadline: deadline).flatMapErrorThrowing { error in
            throw AvroError("schema registry at \(base) cannot be reached: \(error)", code: .unreachable)
        }
    }

    /// The JSON of a successful answer; throws `.unreachable` for a retriable status, else `.refused`.
    private func value(of response: HTTPClient.Response, _ request: String) throws -> Value {
        let bytes = response.body.map { Array(buffer: $0) } ?? []
        let value = (try? JSONReader.parse(bytes)) ?? .null
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            throw AvroError(
                "schema registry at \(baseURL): \(request) answered \(status): "
                    + (value[field: "message"].stringValue ?? String(decoding: bytes, as: UTF8.self)),
                code: Self.isRetriable(status: status) ? .unreachable : .refused)
        }
        return value
    }
}

public import Foundation
public import Plugins
import Synchronization
import TopologyDSL

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A client of a Confluent-compatible schema registry (`--schema-registry URL`): registers schemas
/// under subjects and looks them up by id, caching both. A registry that cannot be asked (connection
/// refused, a timeout, a 5xx, 408 or 429 answer) throws `SchemaIdError` `.unreachable`; any other
/// answer that is not a success (404 unknown id, 409 incompatible, ...) throws `.refused`.
public final class SchemaRegistryClient: SchemaIdProvider {
    public let baseURL: String
    private let session: URLSession
    private let ids = Mutex<[String: Int32]>([:])
    private let schemas = Mutex<[Int32: AvroSchema]>([:])

    public init(baseURL: String, timeout: TimeInterval = 10) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        session = URLSession(configuration: configuration)
    }

    public func id(for schema: AvroSchema, subject: String) throws -> Int32 {
        let cacheKey = subject + "\u{0}" + schema.canonicalForm
        if let id = ids.withLock({ $0[cacheKey] }) { return id }
        let body = JSONWriter.encode(.record(Fields([("schema", .string(schema.json))])))
        let reply = try request("POST", "/subjects/\(Self.escape(subject))/versions", body: body)
        guard case .int(let id) = reply[field: "id"] else {
            throw SchemaIdError("schema registry: no id in \(JSONWriter.string(reply))")
        }
        let narrow = Int32(truncatingIfNeeded: id)
        ids.withLock { $0[cacheKey] = narrow }
        schemas.withLock { $0[narrow] = schema }
        return narrow
    }

    public func schema(id: Int32) throws -> AvroSchema {
        if let schema = schemas.withLock({ $0[id] }) { return schema }
        let reply = try request("GET", "/schemas/ids/\(id)", body: nil)
        guard case .string(let text) = reply[field: "schema"] else {
            throw SchemaIdError("schema registry: no schema \(id)")
        }
        let schema = try AvroSchema(json: text)
        schemas.withLock { $0[id] = schema }
        return schema
    }

    /// Whether an answer with `status` says "not now" rather than "no": a server error, 408, 429.
    static func isRetriable(status: Int) -> Bool { status >= 500 || status == 408 || status == 429 }

    static func escape(_ subject: String) -> String {
        subject.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? subject
    }

    /// A blocking request (serdes are synchronous; answers are cached, so this happens once per schema).
    private func request(_ method: String, _ path: String, body: [UInt8]?) throws -> Value {
        guard let url = URL(string: baseURL + path) else {
            throw SchemaIdError("schema registry: bad URL \(baseURL + path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body)
            request.setValue(SchemaRegistryRoutes.contentType, forHTTPHeaderField: "Content-Type")
        }
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<(Int, Data), any Error>>(
            .failure(
                SchemaIdError(
                    "schema registry: no answer from \(baseURL)",
                    code: .unreachable)))
        session.dataTask(with: request) { data, response, error in
            if let error {
                result.withLock {
                    $0 = .failure(
                        SchemaIdError(
                            "schema registry at \(self.baseURL) cannot be reached: \(error.localizedDescription)",
                            code: .unreachable))
                }
            } else {
                result.withLock { $0 = .success(((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data())) }
            }
            done.signal()
        }.resume()
        done.wait()
        let (status, data) = try result.withLock { try $0.get() }
        let value = (try? JSONReader.parse(Array(data))) ?? .null
        guard (200..<300).contains(status) else {
            throw SchemaIdError(
                "schema registry at \(baseURL): \(method) \(path) answered \(status): "
                    + (value[field: "message"].stringValue ?? String(decoding: data, as: UTF8.self)),
                code: Self.isRetriable(status: status) ? .unreachable : .refused)
        }
        return value
    }
}

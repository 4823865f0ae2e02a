/// What an endpoint's expressions can read from a request: the JSON body, path and query parameters.
public struct RequestValues: Sendable {
    public var body: Value
    public var path: Value
    public var query: Value
    public init(body: Value = .null, path: Value = .null, query: Value = .null) {
        self.body = body
        self.path = path
        self.query = query
    }
}

/// Computes a key or value from a request; throws `EvaluationError` naming the request field at fault.
public typealias RequestFunction = @Sendable (RequestValues) throws -> Value

/// A rendered HTTP reply body with its content type.
public struct ReplyBody: Sendable, Equatable {
    public var contentType: String
    public var bytes: [UInt8]
    public init(contentType: String, bytes: [UInt8]) {
        self.contentType = contentType
        self.bytes = bytes
    }
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

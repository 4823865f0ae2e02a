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

/// A request value that is missing or malformed, naming the request field at fault.
public struct RequestFieldError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let field: String?
    public init(_ message: String, field: String?) {
        self.message = message
        self.field = field
    }
    public var description: String { message }
}

/// Computes a key or value from a request; throws `RequestFieldError`.
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

package import Hummingbird
import TopologyDSL

/// Builds the API's responses: JSON bodies, and errors as `{"error": ..., "field": ...}`.
package enum APIResponse {
    package static func bytes(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ value: Value, status: HTTPResponse.Status = .ok) -> Response {
        bytes(JSONWriter.encode(value), contentType: "application/json", status: status)
    }

    static func reply(_ body: ReplyBody) -> Response {
        bytes(body.bytes, contentType: body.contentType)
    }

    static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        bytes(Array(text.utf8), contentType: contentType)
    }

    /// An error body naming the offending field when there is one; 503s carry `Retry-After`.
    static func error(
        _ status: HTTPResponse.Status, _ message: String, field: String? = nil,
        retryAfterSeconds: Int? = nil
    ) -> Response {
        var fields = Fields([("error", .string(message))])
        if let field { fields.set("field", .string(field)) }
        var response = json(.record(fields), status: status)
        if let retryAfterSeconds { response.headers[.retryAfter] = String(retryAfterSeconds) }
        return response
    }
}

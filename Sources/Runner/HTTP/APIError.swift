package import Hummingbird

/// What a handler throws to answer with an error: the status, the message and the field at fault,
/// rendered as the API's `{"error": ..., "field": ...}` body (with `Retry-After` on a 503 that
/// says when to come back).
package struct APIError: HTTPResponseError {
    package let status: HTTPResponse.Status
    package let message: String
    let field: String?
    let retryAfterSeconds: Int?

    init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.message = message
        self.field = field
        self.retryAfterSeconds = retryAfterSeconds
    }

    var response: Response { APIResponse.error(status, message, field: field, retryAfterSeconds: retryAfterSeconds) }

    package func response(from request: Request, context: some RequestContext) throws -> Response { response }
}

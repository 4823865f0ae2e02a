import Hummingbird
import TopologyDSL

/// Reads a command's JSON body with the API's limits and error contract.
enum RequestReader {
    /// Bodies larger than this are refused with 413.
    static let maxBodyBytes = 1 << 20

    /// The parsed JSON object of the request, or the error response to send. `isJSON` decides which
    /// content types count as JSON (default: `application/json`).
    static func jsonObject(_ request: Request, isJSON: (String) -> Bool = { $0.hasPrefix("application/json") })
        async -> Result<Value, ResponseError> {
        if let type = request.headers[.contentType], !isJSON(type.lowercased()) {
            return .failure(ResponseError(.unsupportedMediaType, "content type must be application/json, got '\(type)'"))
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes {
            return .failure(ResponseError(.contentTooLarge, "body of \(length) bytes exceeds the limit of \(maxBodyBytes)"))
        }
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: maxBodyBytes) } catch {
            return .failure(ResponseError(.contentTooLarge, "body exceeds the limit of \(maxBodyBytes) bytes"))
        }
        let value: Value
        do {
            value = try buffer.withUnsafeReadableBytes { try JSONReader.parse($0) }
        } catch {
            return .failure(ResponseError(.badRequest, "malformed JSON: \(error)"))
        }
        guard case .record = value else {
            return .failure(ResponseError(.badRequest, "the body must be a JSON object, got \(value.kindName)"))
        }
        return .success(value)
    }
}

/// An error to answer with: status, message and the field at fault.
struct ResponseError: Error {
    let status: HTTPResponse.Status
    let message: String
    let field: String?
    init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil) {
        self.status = status
        self.message = message
        self.field = field
    }
    var response: Response { APIResponse.error(status, message, field: field) }
}

package import Hummingbird
package import TopologyDSL

/// Reads a command's JSON body with the API's limits and error contract.
package enum RequestReader {
    /// Bodies larger than this are refused with 413.
    static let maxBodyBytes = 1 << 20

    /// The parsed JSON object of the request; throws the error response to send. `isJSON` decides
    /// which content types count as JSON (default: `application/json`).
    package static func jsonObject(_ request: Request, isJSON: (String) -> Bool = { $0.hasPrefix("application/json") })
        async throws(APIError) -> Value
    {
        if let type = request.headers[.contentType], !isJSON(type.lowercased()) {
            throw APIError(.unsupportedMediaType, "content type must be application/json, got '\(type)'")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes {
            throw APIError(.contentTooLarge, "body of \(length) bytes exceeds the limit of \(maxBodyBytes)")
        }
        let buffer = try await body(of: request)
        let value = try buffer.withUnsafeReadableBytes { bytes throws(APIError) in try parse(bytes) }
        guard case .record = value else {
            throw APIError(.badRequest, "the body must be a JSON object, got \(value.kindName)")
        }
        return value
    }

    /// The whole body, refused with 413 as soon as it passes `maxBodyBytes` (also when it has no
    /// `Content-Length`); 400 when it cannot be read to its end (the client sent a broken body or
    /// went away, or stalled until the connection's idle timeout closed it).
    private static func body(of request: Request) async throws(APIError) -> ByteBuffer {
        var buffer = ByteBuffer()
        do {
            for try await chunk in request.body {
                guard buffer.readableBytes + chunk.readableBytes <= maxBodyBytes else {
                    throw APIError(.contentTooLarge, "body exceeds the limit of \(maxBodyBytes) bytes")
                }
                var chunk = chunk
                buffer.writeBuffer(&chunk)
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.badRequest, "the body could not be read to its end: \(error)")
        }
        return buffer
    }

    /// The JSON value of a UTF-8 body (JSON text must be UTF-8: other bytes are refused, not replaced).
    private static func parse(_ bytes: UnsafeRawBufferPointer) throws(APIError) -> Value {
        if let offset = invalidUTF8Offset(bytes) {
            throw APIError(.badRequest, "the body is not UTF-8: invalid byte at offset \(offset)")
        }
        do { return try JSONReader.parse(bytes) } catch {
            throw APIError(.badRequest, "malformed JSON: \(error)")
        }
    }

    /// The offset of the first byte that is not part of well-formed UTF-8, if any.
    static func invalidUTF8Offset(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard var offset = bytes.firstIndex(where: { $0 >= 0x80 }) else { return nil }  // ASCII: valid
        var decoder = UTF8()
        var iterator = UnsafeRawBufferPointer(rebasing: bytes[offset...]).makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}

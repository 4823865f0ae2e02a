import Foundation
import Hummingbird

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Forwards a query to the instance that owns its key: one hop at most (marked by a header), a
/// short timeout, and the owner's answer passed through unchanged.
struct RequestForwarder: Sendable {
    static let header = "X-Streamrun-Forwarded"
    let timeout: TimeInterval
    private let session: URLSession

    init(timeout: TimeInterval = 2) {
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        session = URLSession(configuration: configuration)
    }

    /// Whether `request` was already forwarded once (so it must be answered here).
    static func wasForwarded(_ request: Request) -> Bool {
        request.headers.contains { $0.name.canonicalName == header.lowercased() }
    }

    /// The owner's response to the same GET; throws a 502 or 504 `APIError` when it has none.
    func forward(_ request: Request, to base: String) async throws -> Response {
        guard let url = URL(string: base + request.uri.description) else {
            throw APIError(.badGateway, "the owner's address '\(base)' is not a URL")
        }
        var outgoing = URLRequest(url: url)
        outgoing.httpMethod = "GET"
        outgoing.timeoutInterval = timeout
        outgoing.setValue("1", forHTTPHeaderField: Self.header)
        do {
            let (data, response) = try await session.data(for: outgoing)
            guard let http = response as? HTTPURLResponse else {
                throw APIError(.badGateway, "the owner at \(base) sent no HTTP response")
            }
            let type = http.value(forHTTPHeaderField: "Content-Type") ?? "application/json"
            var reply = APIResponse.bytes(Array(data), contentType: type, status: .init(code: http.statusCode))
            if let retry = http.value(forHTTPHeaderField: "Retry-After") { reply.headers[.retryAfter] = retry }
            return reply
        } catch let error as APIError {
            throw error
        } catch let error as URLError where error.code == .timedOut {
            throw APIError(.gatewayTimeout, "the owner at \(base) did not answer within \(timeout) s")
        } catch {
            throw APIError(.badGateway, "the owner at \(base) could not be reached: \(error.localizedDescription)")
        }
    }
}

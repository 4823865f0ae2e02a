import AsyncHTTPClient
import Hummingbird
import NIOCore
import NIOHTTP1

/// Forwards a query to the instance that owns its key: one hop at most (marked by a header), a
/// short deadline, and the owner's answer passed through unchanged. Forwarded queries share
/// `OutboundHTTP.client`'s connections, many to each owner at once.
struct RequestForwarder: Sendable {
    static let header = "X-Streamrun-Forwarded"
    /// The most of an owner's reply that is read (a reply is one key's value).
    static let maxReplyBytes = 16 << 20
    let timeout: Duration

    init(timeout: Duration = .seconds(2)) { self.timeout = timeout }

    /// Whether `request` was already forwarded once (so it must be answered here).
    static func wasForwarded(_ request: Request) -> Bool {
        request.headers.contains { $0.name.canonicalName == header.lowercased() }
    }

    /// The owner's response to the same GET; throws a 502 or 504 `APIError` when it has none.
    func forward(_ request: Request, to base: String) async throws -> Response {
        try await forward(path: request.uri.description, to: base)
    }

    /// The owner's response to `GET base+path`, marked as forwarded. A GET is safe to send twice, so
    /// one that failed on a pooled connection the owner had just closed (its idle timeout ran out as
    /// the request was written) is sent once more, on a new connection, within the same deadline.
    func forward(path: String, to base: String) async throws -> Response {
        var outgoing = HTTPClientRequest(url: base + path)
        outgoing.method = .GET
        outgoing.headers.add(name: Self.header, value: "1")
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        do {
            let response: HTTPClientResponse
            do {
                response = try await OutboundHTTP.client.execute(outgoing, deadline: deadline)
            } catch let error where OutboundHTTP.isClosedConnection(error) && NIODeadline.now() < deadline {
                response = try await OutboundHTTP.client.execute(outgoing, deadline: deadline)
            }
            let body = try await response.body.collect(upTo: Self.maxReplyBytes)
            let type = response.headers.first(name: "Content-Type") ?? "application/json"
            var reply = APIResponse.bytes(
                Array(buffer: body), contentType: type, status: .init(code: Int(response.status.code)))
            if let retry = response.headers.first(name: "Retry-After") { reply.headers[.retryAfter] = retry }
            return reply
        } catch let error where OutboundHTTP.isTimeout(error) {
            throw APIError(.gatewayTimeout, "the owner at \(base) did not answer within \(timeout)")
        } catch {
            throw APIError(.badGateway, "the owner at \(base) could not be reached: \(error)")
        }
    }
}

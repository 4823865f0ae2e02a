import Foundation
import Hummingbird
import Testing

@testable import StreamrunHTTP

/// The forwarder's own contract, against a real HTTP peer on loopback.
struct RequestForwarderTests {
    @Test func aQueryForwardedOnAPooledConnectionTheOwnerHasJustClosedIsSentAgainOnANewOne() async throws {
        let owner = try OneReplyPerConnectionPeer(body: #"{"count":7}"#)
        defer { owner.close() }
        let forwarder = RequestForwarder()
        for attempt in 1...3 {
            let reply = try await forwarder.forward(path: "/inventory/locations/A/skus/\(attempt)", to: owner.url)
            #expect(reply.status.code == 200, "query \(attempt): \(reply.status)")
        }
        // Each reused connection was closed under the next query, which went out again on a new one.
        #expect(owner.connectionCount == 3)
    }
}

import Foundation
import Testing

/// A command whose record the transport cannot carry is refused with 413 before anything is
/// produced, and the instance goes on (a refused record never fails the stream thread's commit).
@Suite(.serialized, .enabled(if: TansuBroker.isAvailable, TansuBroker.unavailableMessage))
struct OversizedCommandTests {
    @Test func aCommandWithAMegabyteKeyGets413AndTheInstanceKeepsServing() async throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        let port = LoopbackPort.free()
        let server = try await ServerProcess.start(
            port: port,
            arguments: [
                "--bootstrap-servers", broker.bootstrapServers, "--instance-id", "big",
                "--advertised-url", "http://127.0.0.1:\(port)", "--kafka", "session.timeout.ms=6000",
                "--commit-interval-ms", "100",
            ],
            readyWithin: 60)
        defer { server.terminate() }
        let sku = String(repeating: "x", count: 1_000_000)
        let refused = try await server.post("/inventory/adjustment", #"{"locationId":"BIG","sku":"\#(sku)","count":1}"#)
        #expect(refused.status == 413, "\(refused.status) \(refused.body.prefix(200))")
        #expect((refused.json?["error"] as? String)?.contains("exceeds") == true)
        // Commits run every 100 ms: several pass, and the instance still takes and applies commands.
        try await Task.sleep(for: .milliseconds(500))
        #expect(
            try await server.post("/inventory/adjustment", #"{"locationId":"BIG","sku":"small","count":4}"#).status
                == 200)
        try await Eventually.wait("the small command applied", seconds: 20) {
            try await server.get("/inventory/locations/BIG/skus/small").json?["count"] as? Int == 4
        }
        #expect(server.isRunning)
        #expect(try await server.get("/health").status == 200)
    }
}

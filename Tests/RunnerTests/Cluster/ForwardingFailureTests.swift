import Foundation
import Testing

/// Queries forwarded between two `streamrun` instances on a real Tansu broker when the owner of the
/// key cannot answer: it hangs (504), it is down (502), or it is no longer known (503 with
/// `Retry-After`); and the one-hop rule, seen from both sides. Instance A advertises a listener the
/// test controls, so B's forwards to A go there; the test reaches A itself on its real port.
@Suite(.serialized, .enabled(if: TansuBroker.isAvailable, TansuBroker.unavailableMessage))
struct ForwardingFailureTests {
    static let forwarded = ["X-Streamrun-Forwarded": "1"]
    static let skus = (0..<24).map { "s\($0)" }
    static func query(_ sku: String) -> String { "/inventory/locations/FW/skus/\(sku)" }

    static func instance(
        _ broker: TansuBroker, _ name: String, advertising url: String? = nil,
        sessionTimeoutMs: Int = 6000
    ) async throws -> ServerProcess {
        let port = LoopbackPort.free()
        return try await ServerProcess.start(
            port: port,
            arguments: [
                "--bootstrap-servers", broker.bootstrapServers, "--instance-id", name,
                "--advertised-url", url ?? "http://127.0.0.1:\(port)",
                "--kafka", "session.timeout.ms=\(sessionTimeoutMs)", "--commit-interval-ms", "200",
            ],
            readyWithin: 60)
    }

    /// The value of `sku` as `server` answers a request marked as forwarded, or nil if it does not own it.
    static func ownCount(_ server: ServerProcess, _ sku: String) async throws -> Int? {
        let reply = try await server.request("GET", query(sku), headers: forwarded)
        return reply.status == 200 ? reply.json?["count"] as? Int : nil
    }

    static func expectJSONError(
        _ reply: ServerProcess.Reply, _ status: Int, _ context: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(reply.status == status, "\(context): \(reply.status) \(reply.body)", sourceLocation: sourceLocation)
        #expect(
            reply.headers["content-type"]?.hasPrefix("application/json") == true, "\(context): \(reply.headers)",
            sourceLocation: sourceLocation)
        #expect(reply.json?["error"] is String, "\(context): \(reply.body)", sourceLocation: sourceLocation)
    }

    @Test func aForwardedQueryIsNeverForwardedAgainAndAnOwnerThatHangsIsDownOrIsUnknownIs504Or502Or503() async throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        let hangingOwner = try StallingListener()
        // A's group session (15 s) outlives its announcement (stale 10 s after its last heartbeat),
        // so after a kill its tasks stay where they are for a while: the owner of A's keys becomes
        // unknown to B before B takes them over. (Tansu makes a join wait about half a session.)
        let a = try await Self.instance(broker, "A", advertising: hangingOwner.url, sessionTimeoutMs: 15_000)
        defer { a.kill() }
        let b = try await Self.instance(broker, "B")
        defer { b.terminate() }
        try await Eventually.wait("both instances own tasks", seconds: 40) {
            let owners = try await SellableClusterTests.owners(b)
            return owners.count == 2 && owners.values.allSatisfy { !$0.isEmpty }
                && Set(owners.values.joined()).count == 3
        }
        var expected: [String: Int] = [:]
        for (index, sku) in Self.skus.enumerated() {
            #expect(
                try await b.post("/inventory/adjustment", #"{"locationId":"FW","sku":"\#(sku)","count":\#(index + 1)}"#)
                    .status == 200)
            expected[sku] = index + 1
        }
        // Each key is answered, with its count, by exactly one instance when asked not to forward.
        var ownedByA: [String] = []
        var ownedByB: [String] = []
        try await Eventually.wait("every key answered by its owner", seconds: 30) {
            ownedByA = []
            ownedByB = []
            for sku in Self.skus {
                let (atA, atB) = (try await Self.ownCount(a, sku), try await Self.ownCount(b, sku))
                if atA == expected[sku] && atB == nil { ownedByA.append(sku) }
                if atB == expected[sku] && atA == nil { ownedByB.append(sku) }
            }
            return ownedByA.count + ownedByB.count == Self.skus.count
        }
        try #require(!ownedByA.isEmpty && !ownedByB.isEmpty, "A owns \(ownedByA), B owns \(ownedByB)")
        let keyOfA = ownedByA[0]
        let keyOfB = ownedByB[0]

        // One hop: a forwarded query for a key this instance does not own is answered here, 503 with
        // Retry-After, never forwarded on (A would reach B and answer 200; B would hang on A's address).
        for (server, sku, name) in [(a, keyOfB, "A asked for B's key"), (b, keyOfA, "B asked for A's key")] {
            let reply = try await server.request("GET", Self.query(sku), headers: Self.forwarded)
            Self.expectJSONError(reply, 503, name)
            #expect(reply.headers["retry-after"] != nil, "\(name): \(reply.headers)")
        }
        // Unmarked, A forwards to B (which answers) ...
        let viaA = try await a.get(Self.query(keyOfB))
        #expect(viaA.status == 200 && viaA.json?["count"] as? Int == expected[keyOfB], "\(viaA.status) \(viaA.body)")
        // ... and B forwards to A's address, which takes the connection and never answers: 504.
        let hung = try await b.get(Self.query(keyOfA))
        Self.expectJSONError(hung, 504, "A hangs")

        // Queries forwarded at once to one owner do not queue behind each other in B's client: all
        // twelve reach A's address together, each ending in a 504 once the forwarding deadline (2 s)
        // has passed. (When B's client opened six connections per host, the others connected only
        // as those timed out, 2 s later, if at all.) Arrivals are timed by the listener's own thread.
        let before = hangingOwner.arrivals.count
        let url = "http://127.0.0.1:\(b.port)\(Self.query(keyOfA))"
        let output = try SpawnedProcess.output(
            "curl",
            ["--silent", "--parallel", "--parallel-immediate", "--parallel-max", "12", "-w", "code=%{http_code}\\n"]
                + Array(repeating: ["-o", "/dev/null", url], count: 12).joined(), timeout: 30)
        let codes = output.split(separator: "\n").filter { $0.hasPrefix("code=") }
        #expect(codes == Array(repeating: "code=504", count: 12), "\(codes)")
        let arrivals = hangingOwner.arrivals.dropFirst(before)
        let spread = (arrivals.max() ?? 0) - (arrivals.min() ?? 0)
        #expect(
            arrivals.count == 12 && spread < 1.5,
            "\(arrivals.count) connections reached the hanging owner, \(spread) s apart")

        // A is down (killed; nothing listens at its address): 502 while its announcement is fresh.
        hangingOwner.close()
        a.kill()
        let down = try await b.get(Self.query(keyOfA))
        Self.expectJSONError(down, 502, "A is down")

        // Once A's announcement is stale, nobody is known to own A's keys (its group session has
        // not expired, so B has not taken them over): 503 with Retry-After.
        try await Eventually.wait("A's announcement expires", seconds: 30) {
            try await SellableClusterTests.owners(b)["A"] == nil
        }
        let unknown = try await b.get(Self.query(keyOfA))
        Self.expectJSONError(unknown, 503, "A's keys have no known owner")
        #expect(unknown.headers["retry-after"] != nil, "\(unknown.headers)")
        // B's own keys are answered throughout.
        #expect(try await b.get(Self.query(keyOfB)).json?["count"] as? Int == expected[keyOfB])
        #expect(b.isRunning)
    }
}

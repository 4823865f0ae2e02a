import Foundation
import Testing

/// A broker that hangs holds only the requests that ask it something: `/metrics` and `/metadata`
/// read end offsets from Kafka on threads of their own, so `/health` and the rest still answer.
@Suite(.serialized) struct BrokerHangIsolationTests {
    @Test func metricsWaitingForAHungBrokerDoNotHoldUpTheOtherRequests() async throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        let server = try await ServerProcess.start(
            arguments: ["--bootstrap-servers", broker.bootstrapServers], readyWithin: 60)
        defer { server.terminate() }
        #expect(try await server.get("/metrics").status == 200)

        // The broker (and its watchdog shell) stop answering; connections stay open.
        let processes = try SpawnedProcess.output(
            "/usr/bin/pgrep", ["-f", "listener-url tcp://127.0.0.1:\(broker.port)"], timeout: 10
        )
        .split(separator: "\n").map(String.init)
        try #require(!processes.isEmpty, "the broker's process was not found")
        try SpawnedProcess.signal("STOP", processes)
        var resumed = false
        defer { if !resumed { try? SpawnedProcess.signal("CONT", processes) } }
        let port = server.port
        let hung = HangingRequests(port: port, path: "/metrics")
        try await Task.sleep(for: .seconds(1))  // the scrapes are waiting for the broker

        let health = try await HTTPRequest.send("GET", port: port, "/health", timeout: 5, freshConnection: true)
        #expect(health.status == 200)
        #expect(hung.answered == 0)  // the scrapes still wait meanwhile

        try SpawnedProcess.signal("CONT", processes)
        resumed = true
        for reply in try await hung.replies() { #expect(reply.status == 200) }
    }
}

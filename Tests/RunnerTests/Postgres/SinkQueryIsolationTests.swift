import Foundation
import Synchronization
import Testing

/// A sink table that hangs holds only its own queries: the server goes on answering everything
/// else (the lookups block on threads of their own, not on Swift concurrency's or an event loop).
@Suite(.serialized) struct SinkQueryIsolationTests {
    @Test func queriesOfAHungPostgreSQLDoNotHoldUpTheOtherRequests() async throws {
        let postgres = try TemporaryPostgres()
        let server = try await ServerProcess.start(command: ["run", "topologies/sellable-service.yaml"],
                                                   environment: ["SELLABLE_SINK": "postgres", "POSTGRES_URL": postgres.url])
        defer { server.terminate() }
        let path = "/inventory/locations/PG/skus/1"
        #expect(try await server.get(path).status == 404)  // the table is read: the connection is open

        // Every PostgreSQL process stops answering (the connection stays open, nothing comes back).
        let processes = try postgres.serverProcesses()
        try TemporaryPostgres.signal("STOP", processes)
        var resumed = false
        defer { if !resumed { try? TemporaryPostgres.signal("CONT", processes) } }
        let port = server.port
        // Four: more than Swift concurrency's threads here (one per core), fewer than the six
        // connections URLSession opens to one host (a seventh request would wait in the client).
        final class Answers: Sendable { let count = Atomic<Int>(0) }
        let answered = Answers()
        let hung = (0..<4).map { _ in
            Task {
                let reply = try await HTTPRequest.send("GET", port: port, path, timeout: 120, freshConnection: true)
                answered.count.add(1, ordering: .relaxed)
                return reply
            }
        }
        try await Task.sleep(for: .seconds(1))  // the lookups are under way (nothing is asserted on time)

        let health = try await HTTPRequest.send("GET", port: port, "/health", timeout: 20, freshConnection: true)
        #expect(health.status == 200)
        let metrics = try await HTTPRequest.send("GET", port: port, "/metrics", timeout: 20, freshConnection: true)
        #expect(metrics.body.contains("streamrun_queries_total"))
        #expect(answered.count.load(ordering: .relaxed) == 0)  // the sink's queries still hang meanwhile

        try TemporaryPostgres.signal("CONT", processes)
        resumed = true
        for request in hung { #expect(try await request.value.status == 404) }
    }
}

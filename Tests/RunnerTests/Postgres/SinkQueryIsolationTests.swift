import Foundation
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
        let hung = (0..<4).map { _ in
            Task { try await HTTPRequest.send("GET", port: port, path, timeout: 120, freshConnection: true) }
        }
        try await Task.sleep(for: .seconds(1))  // the lookups are under way (nothing is asserted on time)

        let health = try await HTTPRequest.send("GET", port: port, "/health", timeout: 20, freshConnection: true)
        #expect(health.status == 200)
        let metrics = try await HTTPRequest.send("GET", port: port, "/metrics", timeout: 20, freshConnection: true)
        #expect(metrics.body.contains("streamrun_queries_total"))
        #expect(hung.allSatisfy { !$0.isCancelled })

        try TemporaryPostgres.signal("CONT", processes)
        resumed = true
        for request in hung { #expect(try await request.value.status == 404) }
    }
}

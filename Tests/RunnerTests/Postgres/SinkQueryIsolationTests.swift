import Foundation
import Testing

/// A sink table that hangs holds only its own queries: the server goes on answering everything
/// else, however many of them wait. The lookups await PostgreSQL and hold no thread; when they
/// blocked threads of the pool that `/metrics` also runs on (16 of them), 64 hung lookups would
/// have held up `/metrics`.
@Suite(.serialized) struct SinkQueryIsolationTests {
    @Test func queriesOfAHungPostgreSQLDoNotHoldUpTheOtherRequests() async throws {
        let postgres = try TemporaryPostgres()
        let server = try await ServerProcess.start(
            command: ["run", "topologies/sellable-service.yaml"],
            environment: ["SELLABLE_SINK": "postgres", "POSTGRES_URL": postgres.url])
        defer { server.terminate() }
        let path = "/inventory/locations/PG/skus/1"
        #expect(try await server.get(path).status == 404)  // the table is read: the connection is open

        // Every PostgreSQL process stops answering (the connection stays open, nothing comes back).
        let processes = try postgres.serverProcesses()
        try SpawnedProcess.signal("STOP", processes)
        var resumed = false
        defer { if !resumed { try? SpawnedProcess.signal("CONT", processes) } }
        let port = server.port
        let hung = HangingRequests(64, port: port, path: path)
        try await Task.sleep(for: .seconds(1))  // the lookups are under way (nothing is asserted on time)

        let health = try await HTTPRequest.send("GET", port: port, "/health", timeout: 20, freshConnection: true)
        #expect(health.status == 200)
        let metrics = try await HTTPRequest.send("GET", port: port, "/metrics", timeout: 20, freshConnection: true)
        #expect(metrics.body.contains("streamrun_queries_total"))
        #expect(hung.answered == 0)  // the sink's queries still hang meanwhile

        try SpawnedProcess.signal("CONT", processes)
        resumed = true
        for reply in try await hung.replies() { #expect(reply.status == 404) }
    }
}

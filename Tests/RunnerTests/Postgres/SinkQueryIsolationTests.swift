import Foundation
import Testing

/// A sink table that hangs holds only its own queries: the server goes on answering everything
/// else, however many of them wait. The lookups await PostgreSQL and hold no thread; when they
/// blocked threads of the pool that `/metrics` also runs on (16 of them), 64 hung lookups would
/// have held up `/metrics`. Each waits the sink's `lookup-timeout` at most, then is answered 503.
@Suite(.serialized) struct SinkQueryIsolationTests {
    @Test func queriesOfAHungPostgreSQLDoNotHoldUpTheOtherRequestsAndAre503AfterTheLookupTimeout() async throws {
        let postgres = try TemporaryPostgres()
        let server = try await ServerProcess.start(
            command: ["run", "topologies/sellable-service.yaml"],
            environment: [
                "SELLABLE_SINK": "postgres", "POSTGRES_URL": postgres.url, "POSTGRES_LOOKUP_TIMEOUT": "6s",
            ])
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

        // PostgreSQL still answers nothing: once the lookup timeout has passed, every query is a 503
        // that says why, with Retry-After (before, each waited for as long as PostgreSQL did).
        for reply in try await hung.replies() {
            #expect(reply.status == 503, "\(reply.status) \(reply.body)")
            #expect(reply.headers["retry-after"] != nil)
            #expect(
                (reply.json?["error"] as? String)?.contains("did not answer within 6") == true, "\(reply.body)")
        }
        try SpawnedProcess.signal("CONT", processes)
        resumed = true
        // The connection the timeout closed is opened again for the next query.
        #expect(try await server.get(path).status == 404)
    }
}

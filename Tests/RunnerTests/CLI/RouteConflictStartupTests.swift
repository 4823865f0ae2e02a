import Foundation
import Logging
import Plugins
import Runner
import Testing
import TopologyDSL

/// A topology whose routes clash does not start: `streamrun run` reports the routes and exits 1
/// (instead of crashing on a precondition), and a graph built in Swift is refused with an error.
@Suite struct RouteConflictStartupTests {
    @Test func runRefusesATopologyWithClashingRoutesAndExitsOne() throws {
        let directory = TemporaryDirectory.make()
        let path = directory + "/clash.yaml"
        try """
        application: clash
        topics:
          counts: { partitions: 1, key: string, value: int32 }
        tables:
          totals: { from: counts, reduce: "aggregate + value" }
        http:
          queries:
            - { get: "/totals/{id}", store: totals, key: path.id }
            - { get: "/totals/{id}", store: totals, key: path.id }
            - { get: "/metrics", store: totals, key: "'k'" }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        // Still running after 30 s, it started serving: it is killed and the test fails.
        let outcome = try SpawnedProcess.capture(
            ServerProcess.binary,
            [
                "run", path, "--host", "127.0.0.1", "--port", String(LoopbackPort.free()),
                "--data-dir", directory + "/data",
            ], timeout: 30)
        let stderr = outcome.stderr
        #expect(outcome.status <= 128, "crashed: \(stderr)")  // 128 + the signal when one ended it
        #expect(outcome.status == 1, "\(stderr)")
        #expect(stderr.contains("\(path):9:14: error: GET /totals/{id} is declared twice"), "\(stderr)")
        #expect(stderr.contains("\(path):10:14: error: GET /metrics is on the built-in endpoint /metrics"), "\(stderr)")
        #expect(stderr.contains("2 errors in \(path)"), "\(stderr)")
    }

    @Test func aGraphWithADuplicateRouteHandedToTheServerIsRefusedWithAnError() throws {
        // As a Swift-DSL app would hand it over: no YAML validation on the way.
        let plugins = BuiltinPlugins.registry
        var graph = try TopologyLoader(plugins: plugins)
            .load(file: ServerProcess.packageRoot.appendingPathComponent("topologies/sellable.yaml").path)
        graph.http.queries.append(graph.http.queries[0])
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        do {
            _ = try StreamrunServer(
                graph: graph, plugins: plugins,
                options: ServerOptions(dataDirectory: TemporaryDirectory.make()), logger: logger)
            Issue.record("a server with two handlers for one route was created")
        } catch let error as TopologyErrors {
            #expect(error.diagnostics.count == 1)
            #expect(
                error.description.contains("GET /inventory/locations/{location}/skus/{sku} is declared twice"),
                "\(error)")
        }
    }
}

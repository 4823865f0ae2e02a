import Foundation
import Plugins
import Runner
import StreamrunPostgres
import Testing
import TopologyDSL

/// A database that stays down past the sink's retry limit never stops the runner: each commit that
/// cannot write fails its task, which reopens from its last commit after a backoff (`/ready` says
/// so), and once the database is back every row is written and each input counted once.
@Suite(.serialized) struct SinkOutageTests {
    static func yaml(url: String) -> String {
        """
        application: sinkOutage
        topics:
          adjustments: { partitions: 1, key: string, value: int64 }
        tables:
          totals:
            from: adjustments
            reduce: "aggregate + value"
            to: { sink: postgres, with: { url: "\(url)", table: totals } }
        """
    }

    @Test func aDatabaseDownPastTheRetryLimitFailsTheTaskNotTheRunnerAndEveryInputCountsOnce() async throws {
        let server = try TemporaryPostgres()
        var plugins = BuiltinPlugins.registry
        plugins.register(
            sink: PostgresSinkPlugin(retry: PostgresRetry(limit: 1, firstDelay: 0.1, maxDelay: 0.2), log: { _ in }))
        let t = try await RunningTopology.start(yaml: Self.yaml(url: server.url), plugins: plugins)
        func row(_ key: String) throws -> String { try server.psql("SELECT value FROM totals WHERE key = '\(key)'") }
        _ = try await t.send("adjustments", key: "a", value: .int(1))
        _ = try await t.send("adjustments", key: "a", value: .int(2))
        try await Eventually.wait("a = 3 in PostgreSQL", seconds: 60) { (try? row("a")) == "3" }

        try server.stop()
        _ = try await t.send("adjustments", key: "a", value: .int(4))
        _ = try await t.send("adjustments", key: "b", value: .int(10))
        // Every commit gives up after a second; the task fails, waits its backoff (not ready, named
        // by /ready), reopens and fails again.
        try await Eventually.wait("/ready names the failed task", seconds: 60) {
            !t.runner.isReady
                && t.runner.notReadyReason?.contains("task 0_0 failed and reopens from its last commit") == true
        }
        try await Eventually.wait("the task failed twice", seconds: 60) { t.runner.metrics.taskFailures.current >= 2 }

        try server.start()
        try await Eventually.wait("the rows written after the outage", seconds: 60) {
            try row("a") == "7" && row("b") == "10"
        }
        try await Eventually.wait("ready again", seconds: 60) { t.runner.isReady }
        #expect(try await t.runner.lookup(store: "totals", key: "a") == .int(7))
        #expect(try await t.runner.lookup(store: "totals", key: "b") == .int(10))

        _ = try await t.send("adjustments", key: "a", value: .int(100))
        try await Eventually.wait("a later update", seconds: 60) { try row("a") == "107" }
        try await t.stop()  // throws if the stream thread stopped
        #expect(try t.deadLetters().isEmpty)
    }
}

import Foundation
import Plugins
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunStores

/// A task that cannot be opened is retried with backoff; meanwhile the runner is not ready and
/// says which task, the other tasks go on, and nothing sent to the failed task is lost.
@Suite(.serialized) struct TaskOpenRetryTests {
    static let yaml = """
        application: retrying
        topics:
          counts_in: { partitions: 2, key: string, value: int32 }
        tables:
          totals: { from: counts_in, reduce: "aggregate + value" }
        """

    static func key(onPartition partition: Int32) -> String {
        (0..<100).map { "key\($0)" }.first {
            Murmur2Partitioner.partition(of: Array($0.utf8), partitions: 2) == partition
        }!
    }

    @Test func aTaskThatCannotOpenIsRetriedAndLosesNothing() async throws {
        let directory = TemporaryDirectory.make()
        // Something else holds the RocksDB of task 0_1 (its lock), so the task cannot open.
        try FileManager.default.createDirectory(
            atPath: "\(directory)/state/retrying", withIntermediateDirectories: true)
        let blocker = try RocksDatabase(path: "\(directory)/state/retrying/0_1", columnFamilies: ["totals"])
        let t = try await RunningTopology.start(yaml: Self.yaml, directory: directory, waitUntilReady: false)
        try await Eventually.wait("the failed task is reported", seconds: 60) {
            t.runner.notReadyReason?.contains("task 0_1") == true
        }
        #expect(!t.runner.isReady)
        let healthy = Self.key(onPartition: 0)
        let blocked = Self.key(onPartition: 1)
        _ = try await t.send("counts_in", key: .string(healthy), value: 2)
        _ = try await t.send("counts_in", key: .string(blocked), value: 5)
        _ = try await t.send("counts_in", key: .string(blocked), value: 6)
        // The healthy task goes on while the other is retried.
        #expect(try await t.value("totals", .string(healthy)) { $0 == .int(2) } == .int(2))
        try await Task.sleep(for: .milliseconds(1500))  // several attempts fail meanwhile
        #expect(t.runner.notReadyReason?.contains("attempt 1,") == false, "\(t.runner.notReadyReason ?? "")")
        blocker.close()
        try await Eventually.wait("ready once the task opens", seconds: 60) { t.runner.isReady }
        // What was sent while it could not open is read again and applied once.
        #expect(try await t.value("totals", .string(blocked)) { $0 == .int(11) } == .int(11))
        try await t.stop()
    }
}

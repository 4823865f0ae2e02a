import Foundation
import Runner
import Testing
import TopologyDSL

/// `/metadata` and `/ready` are read from HTTP threads while the stream thread processes: they
/// read a synchronized snapshot of each task's positions and the thread's failure, never the
/// stream thread's own state (run under `swift test --sanitize=thread` to check).
@Suite(.serialized) struct MetadataWhileProcessingTests {
    static let yaml = """
        application: busyMetadata
        topics:
          events: { partitions: 2, key: string, value: int64 }
        tables:
          totals: { from: events, reduce: "aggregate + value" }
        """

    @Test func metadataReadWhileRecordsAreProcessedReportsPositionsThatOnlyGrow() async throws {
        let t = try await RunningTopology.start(yaml: Self.yaml)
        let reader = Task.detached { () -> [Int64] in
            var totals: [Int64] = []
            while !Task.isCancelled {
                let tasks = t.runner.metadata()[field: "tasks"]
                guard case .list(let list) = tasks else { continue }
                var sum: Int64 = 0
                for task in list {
                    guard case .list(let partitions) = task[field: "partitions"] else { continue }
                    for partition in partitions { sum += partition[field: "position"].intValue ?? 0 }
                }
                totals.append(sum)
                _ = t.runner.notReadyReason
            }
            return totals
        }
        for i in 0..<400 { _ = try await t.send("events", key: .string("k\(i % 37)"), value: .int(1)) }
        try await Eventually.wait("every record processed") {
            try await t.runner.lookup(store: "totals", key: "k0") == .int(11)
        }
        try await Eventually.wait("positions reported", seconds: 20) {
            guard case .list(let list) = t.runner.metadata()[field: "tasks"] else { return false }
            let positions = list.flatMap { task -> [Int64] in
                guard case .list(let partitions) = task[field: "partitions"] else { return [] }
                return partitions.compactMap { $0[field: "position"].intValue }
            }
            return positions.reduce(0, +) == 400
        }
        reader.cancel()
        let totals = await reader.value
        #expect(!totals.isEmpty)
        #expect(zip(totals, totals.dropFirst()).allSatisfy { $0 <= $1 }, "positions went back")
        try await t.stop()
    }
}

import Foundation
import Runner
import Testing
import TopologyDSL

/// KTable-KTable joins with Kafka Streams' tombstone semantics, over tables read from topics.
@Suite(.serialized) struct JoinSemanticsTests {
    static func yaml(_ join: String) -> String {
        """
        application: joins
        topics:
          l: { partitions: 2, key: string, value: int32 }
          r: { partitions: 2, key: string, value: int32 }
          out: { partitions: 2, key: string, value: int32 }
        tables:
          lt: { from: l }
          rt: { from: r }
          j:
            \(join): { left: lt, right: rt, value: "(left ?? 0) * 100 + (right ?? 0)" }
            to: out
        """
    }

    func outputs(_ topology: RunningTopology, _ key: String) throws -> [Value?] {
        try topology.records("out").filter { $0.key == .string(key) }.map(\.value)
    }

    @Test func innerJoinEmitsOnlyWithBothSidesAndRetractsOnDelete() async throws {
        let topology = try await RunningTopology.start(yaml: Self.yaml("join"))
        _ = try await topology.send("l", key: "k", value: 1)
        // The left table holds it, so the join has seen it (same task, same record) and emitted nothing.
        #expect(try await topology.value("lt", "k") { $0 == .int(1) } == .int(1))
        #expect(try topology.runner.lookup(store: "j", key: "k") == nil)
        _ = try await topology.send("r", key: "k", value: 2)
        #expect(try await topology.value("j", "k") { $0 == .int(102) } == .int(102))
        // Within one commit the sink keeps only the latest record per key: wait for this one first.
        try await Eventually.wait("joined output") { try outputs(topology, "k") == [.int(102)] }
        try await topology.runner.producer.send(OutgoingRecord(topic: "r", partition: partition("k"), key: Array(#"k"#.utf8),
                                                               value: nil, timestamp: 0))
        #expect(try await topology.value("j", "k") { $0 == nil } == nil)
        try await Eventually.wait("tombstone") { try outputs(topology, "k").last == .some(nil) }
        #expect(try outputs(topology, "k") == [.int(102), nil])
        try await topology.stop()
    }

    @Test func leftJoinEmitsWithoutTheRightSideButNotWithoutTheLeft() async throws {
        let topology = try await RunningTopology.start(yaml: Self.yaml("left-join"))
        _ = try await topology.send("r", key: "only-right", value: 5)
        _ = try await topology.send("l", key: "k", value: 3)
        #expect(try await topology.value("j", "k") { $0 == .int(300) } == .int(300))
        #expect(try await topology.value("rt", "only-right") { $0 == .int(5) } == .int(5))  // the right side was applied
        #expect(try topology.runner.lookup(store: "j", key: "only-right") == nil)
        _ = try await topology.send("r", key: "k", value: 4)
        #expect(try await topology.value("j", "k") { $0 == .int(304) } == .int(304))
        try await topology.stop()
    }

    @Test func outerJoinEmitsWithEitherSide() async throws {
        let topology = try await RunningTopology.start(yaml: Self.yaml("outer-join"))
        _ = try await topology.send("r", key: "k", value: 7)
        #expect(try await topology.value("j", "k") { $0 == .int(7) } == .int(7))
        _ = try await topology.send("l", key: "k", value: 1)
        #expect(try await topology.value("j", "k") { $0 == .int(107) } == .int(107))
        try await topology.stop()
    }

    private func partition(_ key: String) -> Int32 {
        Murmur2Partitioner.partition(of: Array(key.utf8), partitions: 2)
    }
}

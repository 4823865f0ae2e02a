import Foundation
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine

/// Record time: a topic's `timestamp:` gives each record its timestamp (epoch ms) from its value,
/// stream time follows it, and outputs carry it, as Kafka Streams' timestamp extractors do.
@Suite(.serialized) struct RecordTimeTests {
    static let yaml = """
        application: clicks
        types:
          Click: { fields: { user: string, ts: int64 } }
        topics:
          clicks: { partitions: 2, key: string, value: Click, timestamp: value.ts }
          clicks_out: { partitions: 2, key: string, value: Click }
          counts_out: { partitions: 2, key: string, value: int64 }
        streams:
          checked:
            from: clicks
            steps:
              - filter: "value.user != ''"
            to: clicks_out
        tables:
          per_user:
            from: clicks
            count: true
            to: counts_out
        """

    static func click(_ user: String, _ ts: Int64) -> Value {
        .record(Fields([("user", .string(user)), ("ts", .int(ts))]))
    }

    /// Every record of `topic`: its key and its timestamp.
    static func timestamps(_ t: RunningTopology, _ topic: String) throws -> [String: [Int64]] {
        var out: [String: [Int64]] = [:]
        let keys = try #require(t.runner.serdes(of: topic)?.key)
        let consumer = try t.log.makeConsumer(group: nil)
        defer { consumer.close() }
        let partitions = (Int32(0)..<2).map { TopicPartition(topic, $0) }
        let total = try partitions.reduce(0) { $0 + (try t.log.endOffset(of: $1)) }
        consumer.assign(Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(0)) }))
        var seen: Int64 = 0
        while seen < total {
            let batches = try consumer.poll(maxRecords: 1000, timeoutMs: 200)
            if batches.isEmpty { break }
            for batch in batches {
                try batch.forEach { view in
                    seen += 1
                    let key = try view.key.map { try keys.deserialize($0) }?.stringValue ?? ""
                    out[key, default: []].append(view.timestamp)
                }
            }
        }
        return out
    }

    @Test func outputsCarryTheTimestampTheTopicTakesFromTheValue() async throws {
        let t = try await RunningTopology.start(yaml: Self.yaml)
        // The producer's own timestamps (5, 6) are not the records' time: value.ts is.
        _ = try await t.runner.append(
            topic: "clicks", key: "ann", value: Self.click("ann", 1_700_000_000_123), timestamp: 5)
        _ = try await t.runner.append(
            topic: "clicks", key: "ann", value: Self.click("ann", 1_700_000_000_456), timestamp: 6)
        #expect(try await t.value("per_user", "ann") { $0 == .int(2) } == .int(2))
        var streamed: [String: [Int64]] = [:]
        var counted: [String: [Int64]] = [:]
        try await Eventually.wait("outputs written") {
            streamed = try Self.timestamps(t, "clicks_out")
            counted = try Self.timestamps(t, "counts_out")
            return streamed["ann"]?.count == 2 && counted["ann"]?.last == 1_700_000_000_456
        }
        #expect(streamed["ann"] == [1_700_000_000_123, 1_700_000_000_456])
        // The table's sink keeps the latest update per key per commit: its timestamp is that update's.
        #expect(counted["ann"]?.last == 1_700_000_000_456)
        try await t.stop()
    }

    @Test func aNegativeExtractedTimestampDeadLettersTheRecordAndTheOthersFlow() async throws {
        let t = try await RunningTopology.start(yaml: Self.yaml)
        _ = try await t.runner.append(topic: "clicks", key: "bob", value: Self.click("bob", -1), timestamp: 7)
        _ = try await t.runner.append(topic: "clicks", key: "cy", value: Self.click("cy", 1_000), timestamp: 8)
        #expect(try await t.value("per_user", "cy") { $0 == .int(1) } == .int(1))
        var letters: [(value: String, headers: [String: String])] = []
        try await Eventually.wait("dead letter") {
            letters = try t.deadLetters()
            return !letters.isEmpty
        }
        #expect(letters.count == 1)
        #expect(letters.first?.headers.values.contains { $0.contains("negative") } == true, "\(letters)")
        #expect(try await t.runner.lookup(store: "per_user", key: "bob") == nil)
        try await t.stop()
    }
}

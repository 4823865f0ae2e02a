import Foundation
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

/// Records on repartition topics carry their origin, and the reading task skips what it applied
/// before: a producing task that replays its input after a crash never makes an aggregate count twice.
@Suite(.serialized) struct RepartitionOriginTests {
    static let yaml = """
        application: origins
        types:
          Payment: { fields: { account: string, amount: int64 } }
        topics:
          payments: { partitions: 2, key: string, value: Payment }
        tables:
          balances:
            from: payments
            group-by: value.account
            key-type: string
            aggregate: { initial: "0", apply: "aggregate + value.amount", type: int64 }
        """
    static let repartition = "origins-balances-repartition"

    static func payment(_ account: String, _ amount: Int64) -> Value {
        .record(Fields([("account", .string(account)), ("amount", .int(amount))]))
    }

    /// Every record of the repartition topic with its headers.
    static func repartitioned(_ t: RunningTopology) throws -> [OutgoingRecord] {
        var out: [OutgoingRecord] = []
        for p in Int32(0)..<2 {
            let partition = TopicPartition(repartition, p)
            let consumer = try t.log.makeConsumer(group: nil)
            defer { consumer.close() }
            consumer.assign([partition: 0])
            let end = try t.log.endOffset(of: partition)
            var seen: Int64 = 0
            while seen < end {
                let batches = try consumer.poll(maxRecords: 1000, timeoutMs: 500)
                if batches.isEmpty { break }
                for case let batch as EmbeddedLogBatch in batches {
                    batch.forEachWithHeaders { view, headers in
                        seen += 1
                        out.append(
                            OutgoingRecord(
                                topic: repartition, partition: p, key: view.key.map { Array($0) },
                                value: view.value.map { Array($0) }, timestamp: view.timestamp,
                                headers: headers.decoded()))
                    }
                }
            }
        }
        return out
    }

    /// The test reads the repartition topic back: no purge may delete its records meanwhile (the
    /// default interval, 30 s, passed before the read in a loaded CI run).
    static func keepRepartitionRecords(_ configuration: inout RunnerConfiguration) {
        configuration.repartitionPurgeIntervalMs = 3_600_000
    }

    @Test func aRepartitionRecordSentAgainWithTheSameOriginIsAppliedOnce() async throws {
        let directory = TemporaryDirectory.make()
        let t = try await RunningTopology.start(
            yaml: Self.yaml, directory: directory, configure: Self.keepRepartitionRecords)
        _ = try await t.send("payments", key: "p1", value: Self.payment("ann", 5))
        _ = try await t.send("payments", key: "p2", value: Self.payment("ann", 7))
        #expect(try await t.value("balances", "ann") { $0 == .int(12) } == .int(12))
        var sent: [OutgoingRecord] = []
        try await Eventually.wait("repartition records") {
            sent = try Self.repartitioned(t)
            return sent.count == 2
        }
        #expect(sent.allSatisfy { $0.headers.contains { $0.0 == RecordOrigin.header } })
        // The producing task "replays" its input: the same records with the same origins, again.
        for record in sent { _ = try await t.runner.producer.send(record) }
        // A record with a newer origin from the same source still counts.
        var newer = sent[sent.count - 1]
        let header = try #require(newer.headers.first { $0.0 == RecordOrigin.header }?.1)
        let (position, source) = try #require(
            header.withUnsafeBytes { bytes in
                RecordOrigin.parse(bytes).map { ($0.0, Array($0.1)) }
            })
        newer.headers = [
            (
                RecordOrigin.header,
                RecordOrigin.headerValue(
                    OriginPosition(offset: position.offset, index: 1),
                    source: source)
            )
        ]
        _ = try await t.runner.producer.send(newer)
        #expect(try await t.value("balances", "ann") { $0 == .int(19) } == .int(19))
        try await Eventually.wait("duplicates skipped") { t.runner.metrics.duplicatesSkipped.current == 2 }
        try await t.stop()

        // What was applied per origin survives a restart from the changelog alone.
        try FileManager.default.removeItem(atPath: "\(directory)/state")
        let again = try await RunningTopology.start(
            yaml: Self.yaml, directory: directory, configure: Self.keepRepartitionRecords)
        for record in sent { _ = try await again.runner.producer.send(record) }
        _ = try await again.send("payments", key: "p3", value: Self.payment("ann", 1))
        #expect(try await again.value("balances", "ann") { $0 == .int(20) } == .int(20))
        #expect(again.runner.metrics.duplicatesSkipped.current == 2)
        try await again.stop()
    }
}

import Foundation
import Logging
import Plugins
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

/// `processing.guarantee: exactly-once` on librdkafka's mock cluster: each commit's outputs,
/// changelogs and input offsets go through one transaction, an aborted transaction is processed
/// again from the last commit, and a fenced instance stops. (The mock checks producer ids and epochs
/// but neither fences an older producer with the same transactional id by itself nor hides aborted
/// records from `read_committed` readers: fencing is injected, and isolation is Kafka's to prove.)
@Suite(.serialized) struct ExactlyOnceTests {
    @Test func theInputOffsetsAreCommittedThroughTheTransaction() async throws {
        let t = try MockClusterRunner(guarantee: .exactlyOnce)
        try await t.ready()
        t.mock.trackRequests()
        for (key, value) in [("a", 1), ("b", 2), ("a", 3)] { try await t.add(key, Int64(value)) }
        #expect(try await t.total("a", becomes: 4))
        #expect(try await t.total("b", becomes: 2))
        // The input offsets travel in the transactions (AddOffsetsToTxn, TxnOffsetCommit, then
        // EndTxn); the stream thread never commits them on its own (OffsetCommit).
        try await Eventually.wait("a transaction with offsets committed", seconds: 30) {
            let counts = t.mock.requestCounts()
            return counts[.txnOffsetCommit, default: 0] > 0 && counts[.endTxn, default: 0] > 0
        }
        try await t.stop()
        let counts = t.mock.requestCounts()
        #expect(counts[.addOffsetsToTxn, default: 0] > 0, "\(counts)")
        #expect(counts[.offsetCommit, default: 0] == 0, "\(counts)")
        // The output topic has each total once per commit that changed it, ending with the last.
        let outputs = try (Int32(0)..<2).flatMap { try t.records(TopicPartition("totals_out", $0)) }
        #expect(outputs.last { $0.key == Array("a".utf8) }?.value == [0, 0, 0, 4])
    }

    @Test func anAbortedTransactionIsProcessedAgainFromTheLastCommitAndCountsOnce() async throws {
        let t = try MockClusterRunner(guarantee: .exactlyOnce)
        try await t.ready()
        try await t.add("a", 1)
        #expect(try await t.total("a", becomes: 1))
        // The coordinator refuses the next commit's offsets: the transaction must be aborted.
        t.mock.failNext(.txnOffsetCommit, count: 1, with: .illegalGeneration)
        try await t.add("a", 2)
        try await t.add("a", 3)
        #expect(try await t.total("a", becomes: 6))
        try await Task.sleep(for: .milliseconds(300))  // several commits after the abort
        try await t.add("a", 4)
        #expect(try await t.total("a", becomes: 10))
        #expect(t.runner.notReadyReason == nil)
        try await t.stop()
    }

    @Test func anInstanceTheBrokerFencesStopsSayingSo() async throws {
        let old = try MockClusterRunner(guarantee: .exactlyOnce, instanceId: "same")
        try await old.ready()
        try await old.add("a", 1)
        #expect(try await old.total("a", becomes: 1))
        // A newer producer with the same transactional id took over (the mock cluster does not
        // fence by itself: it answers as Kafka's coordinator would).
        old.mock.failNext(.endTxn, count: 5, with: .producerFenced)
        try await old.add("a", 2)
        // The old instance's next commit is refused for good: it stops, saying why.
        var failure: (any Error)?
        do { try await old.task.value } catch { failure = error }
        #expect(
            (failure as? StreamrunError)?.code == .fenced || "\(String(describing: failure))".contains("fenced"),
            "\(String(describing: failure))")
    }

    @Test func theEmbeddedLogRefusesExactlyOnceAtStartupSayingWhy() throws {
        let log = try EmbeddedLog(directory: "\(TemporaryDirectory.make())/log")
        let graph = try TopologyLoader(plugins: BuiltinPlugins.registry).load(
            yaml: MockClusterRunner.yaml, file: "x.yaml")
        #expect {
            _ = try StreamRunner(
                graph: graph, transport: log,
                configuration: RunnerConfiguration(
                    dataDirectory: TemporaryDirectory.make(),
                    processingGuarantee: .exactlyOnce),
                plugins: BuiltinPlugins.registry, logger: .init(label: "eos"))
        } throws: { "\($0)".contains("exactly-once needs Kafka") }
    }

    @Test func theTopologyFileSetsTheGuaranteeAndAnUnknownOneIsAnErrorAtItsLine() throws {
        let loader = TopologyLoader(plugins: BuiltinPlugins.registry)
        let graph = try loader.load(
            yaml: MockClusterRunner.yaml + "\nprocessing.guarantee: exactly-once\n", file: "x.yaml")
        #expect(graph.processingGuarantee == .exactlyOnce)
        #expect(try loader.load(yaml: MockClusterRunner.yaml, file: "x.yaml").processingGuarantee == nil)
        #expect {
            _ = try loader.load(yaml: MockClusterRunner.yaml + "\nprocessing.guarantee: twice\n", file: "x.yaml")
        } throws: { "\($0)".contains("x.yaml:7:23") && "\($0)".contains("unknown processing.guarantee 'twice'") }
    }
}

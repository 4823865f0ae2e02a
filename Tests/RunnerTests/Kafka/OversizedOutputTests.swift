import Foundation
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine

/// An output record the transport cannot carry is refused where it is computed: the input that
/// caused it goes to the dead-letter topic with the reason, and processing goes on.
@Suite(.serialized) struct OversizedOutputTests {
    static let yaml = """
        application: oversized
        topics:
          words: { partitions: 1, key: string, value: string }
          tripled: { partitions: 1, key: string, value: string }
        streams:
          triple:
            from: words
            steps:
              - map-values: "value + value + value"
            to: tripled
        """

    @Test func anOutputRecordOverTheMessageLimitIsDeadLetteredAndTheRestFlows() async throws {
        let t = try MockClusterRunner(yaml: Self.yaml, kafka: ["message.max.bytes": "4000"])
        try await t.ready()
        let big = String(repeating: "x", count: 1_500)  // fits as input, not tripled
        _ = try await t.runner.append(topic: "words", key: .string("big"), value: .string(big))
        _ = try await t.runner.append(topic: "words", key: .string("small"), value: .string("ab"))
        let output = TopicPartition("tripled", 0)
        try await Eventually.wait("the small word tripled", seconds: 30) { try t.transport.endOffset(of: output) >= 1 }
        let records = try t.records(output)
        #expect(records.map { $0.value.map { String(decoding: $0, as: UTF8.self) } } == ["ababab"])
        let deadLetters = TopicPartition("oversized-dead-letters", 0)
        try await Eventually.wait("the big word dead-lettered", seconds: 30) {
            try t.transport.endOffset(of: deadLetters) >= 1
        }
        let letter = try #require(t.records(deadLetters).first)
        #expect(letter.key == Array("big".utf8))
        let reason = try #require(t.headers("streamrun.error", of: deadLetters).first ?? nil)
        #expect(reason.contains("for topic 'tripled' exceeds the transport's limit of 4000 bytes"), "\(reason)")
        #expect(t.runner.notReadyReason == nil)
        // Later records keep flowing.
        _ = try await t.runner.append(topic: "words", key: .string("later"), value: .string("c"))
        try await Eventually.wait("a later word tripled", seconds: 30) { try t.transport.endOffset(of: output) >= 2 }
        try await t.stop()
    }
}

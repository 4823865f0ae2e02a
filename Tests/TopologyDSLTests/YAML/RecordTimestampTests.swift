import Foundation
import Testing

@testable import TopologyDSL

/// A topic's `timestamp:` (YAML) or `timestamp:` closure (DSL) computes its records' timestamps.
@Suite struct RecordTimestampTests {
    static let yaml = """
        application: clicks
        types:
          Click: { fields: { user: string, ts: int64 } }
        topics:
          clicks: { partitions: 2, key: string, value: Click, timestamp: value.ts }
          out: { partitions: 2, key: string, value: Click }
        streams:
          copy: { from: clicks, to: out }
        """

    struct Click: StreamRecord, Equatable {
        var user: String
        var ts: Int64
    }

    static let click = Value.record(Fields([("user", "ann"), ("ts", .int(1_700_000_000_123))]))

    @Test func theTopicsSourceTakesEachRecordsTimestampFromItsValue() throws {
        let graph = try TestPlugins.load(Self.yaml)
        let source = try #require(graph.node(named: "clicks-source"))
        let extractor = try #require(source.spec(SourceSpec.self)?.timestamp)
        #expect(try extractor.timestamp(key: .null, value: Self.click, recordTimestamp: 5) == 1_700_000_000_123)
        #expect(!source.spec.readsKey)
        #expect(TopologyDescription(graph).text.contains("clicks-source (topic: clicks) [timestamp: value.ts]"))
        // A topic without `timestamp:` keeps the records' own.
        #expect(
            try TestPlugins.load(Self.yaml.replacingOccurrences(of: ", timestamp: value.ts", with: ""))
                .node(named: "clicks-source")?.spec(SourceSpec.self)?.timestamp == nil)
    }

    @Test func aNegativeOrMissingTimestampIsAnErrorOfTheRecord() throws {
        let extractor = try #require(
            try TestPlugins.load(Self.yaml).node(named: "clicks-source")?.spec(SourceSpec.self)?.timestamp)
        let negative = Value.record(Fields([("user", "ann"), ("ts", .int(-3))]))
        #expect(throws: EvaluationError.self) {
            try extractor.timestamp(key: .null, value: negative, recordTimestamp: 5)
        }
        let missing = Value.record(Fields([("user", "ann")]))
        #expect(throws: (any Error).self) { try extractor.timestamp(key: .null, value: missing, recordTimestamp: 5) }
    }

    @Test func aTimestampThatIsNotAnIntegerIsReportedAtItsPosition() {
        let errors = TestPlugins.errors(
            Self.yaml.replacingOccurrences(of: "timestamp: value.ts", with: "timestamp: value.user"))
        let error = errors.first { $0.message.contains("the timestamp of topic 'clicks'") }
        #expect(error?.message.contains("epoch milliseconds") == true, "\(errors)")
        #expect(error?.location?.line == 5, "\(errors)")
    }

    @Test func aDSLTopicTakesTimestampsFromAClosureAsTheYAMLDoes() throws {
        let topic = Topic<String, Click>("clicks", partitions: 2, timestamp: { $0.ts })
        let graph = try Topology(application: "clicks") {
            topic.stream().to(Topic<String, Click>("out", partitions: 2))
        }.build()
        let extractor = try #require(graph.node(named: "clicks-source")?.spec(SourceSpec.self)?.timestamp)
        #expect(try extractor.timestamp(key: .null, value: Self.click, recordTimestamp: 5) == 1_700_000_000_123)
    }

    @Test func aDSLTopicReadWithAndWithoutATimestampIsAnError() {
        do {
            _ = try Topology(application: "clicks") {
                Topic<String, Click>("clicks", partitions: 2, timestamp: { $0.ts }).stream()
                    .to(Topic<String, Click>("out", partitions: 2))
                Topic<String, Click>("clicks", partitions: 2).stream(named: "plain")
                    .to(Topic<String, Click>("out2", partitions: 2))
            }.build()
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains("both with and without a timestamp") }, "\(error)")
        }
    }
}

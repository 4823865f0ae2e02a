import Foundation
import Testing
import TopologyDSL

/// Kafka's per-topic settings in YAML: `cleanup.policy`, `retention.ms`, `retention.bytes`.
@Suite struct TopicSettingsTests {
    @Test func topicSettingsAreCarriedIntoTheGraph() throws {
        let graph = try TestPlugins.load(
            """
            application: settings
            topics:
              events: { partitions: 2, key: string, value: string, retention.ms: 86400000, retention.bytes: -1 }
              latest: { partitions: 2, key: string, value: string, cleanup.policy: compact }
              plain: { partitions: 2, key: string, value: string }
            streams:
              copy: { from: events, to: latest }
            """)
        let events = try #require(graph.topics.first { $0.name == "events" })
        #expect(events.retentionMs == 86_400_000 && events.retentionBytes == -1 && !events.compacted)
        let latest = try #require(graph.topics.first { $0.name == "latest" })
        #expect(latest.compacted && latest.retentionMs == nil)
        let plain = try #require(graph.topics.first { $0.name == "plain" })
        #expect(!plain.compacted && plain.retentionMs == nil && plain.retentionBytes == nil)
    }

    @Test func badTopicSettingsAreReportedWithTheirPosition() {
        let errors = TestPlugins.errors(
            """
            application: settings
            topics:
              events: { partitions: 2, key: string, value: string, cleanup.policy: forever, retention.ms: soon }
            """)
        #expect(
            errors.contains {
                $0.message.contains("cleanup.policy must be 'compact' or 'delete'") && $0.location?.line == 3
            })
        #expect(errors.contains { $0.message.contains("retention.ms must be an integer") })
    }
}

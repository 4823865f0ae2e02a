import Foundation

/// The librdkafka properties of each kind of client: the transport's defaults, then the
/// user's pass-through properties (which win).
extension KafkaConfiguration {
    var adminProperties: [(String, String)] {
        common + [("allow.auto.create.topics", "false")] + extras
    }

    var producerProperties: [(String, String)] {
        common + [
            ("enable.idempotence", "true"),
            // A record that fails must not leave a gap before later ones that succeed: readers of
            // repartition topics skip what precedes an origin they have seen.
            ("enable.gapless.guarantee", "true"),
            ("linger.ms", String(lingerMs)),
            ("message.timeout.ms", String(Self.defaultMessageTimeoutMs)),
            // Records for a topic nobody created must fail, not create a topic with the
            // broker's default partition count.
            ("allow.auto.create.topics", "false"),
        ] + extras
    }

    /// A group consumer, or (nil) a consumer of assigned partitions; the latter gets a private
    /// group id that never joins (librdkafka's consumer API needs one).
    func consumerProperties(group: String?) -> [(String, String)] {
        common + [
            ("group.id", group ?? "streamrun-unjoined-\(UUID().uuidString)"),
            ("enable.auto.commit", "false"),
            ("auto.offset.reset", "earliest"),
            ("isolation.level", "read_committed"),
            ("partition.assignment.strategy", assignmentStrategy),
            ("session.timeout.ms", String(sessionTimeoutMs)),
            ("heartbeat.interval.ms", String(max(100, min(3_000, sessionTimeoutMs / 3)))),
            ("enable.partition.eof", "false"),
        ] + extras
    }

    /// How long `flush` waits: every queued record is delivered or failed within the message
    /// timeout, so a little more than that.
    var flushTimeoutMs: Int {
        let configured = properties["message.timeout.ms"] ?? properties["delivery.timeout.ms"]
        return (configured.flatMap { Int($0) } ?? Self.defaultMessageTimeoutMs) + 10_000
    }

    static let defaultMessageTimeoutMs = 120_000

    /// librdkafka's `message.max.bytes` (its default, 1000000, unless set): the producer refuses a
    /// record whose key, value and headers are larger.
    var maxMessageBytes: Int { properties["message.max.bytes"].flatMap { Int($0) } ?? 1_000_000 }

    private var common: [(String, String)] {
        [("bootstrap.servers", bootstrapServers), ("client.id", clientId)]
    }

    private var extras: [(String, String)] {
        properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

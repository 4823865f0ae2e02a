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

    /// A transactional producer: idempotent, with `transactional.id` = `id`; its records time out
    /// with the transaction.
    func transactionalProducerProperties(id: String) -> [(String, String)] {
        let own = Set(properties.keys)
        return producerProperties.filter { $0.0 != "message.timeout.ms" || own.contains($0.0) } + [
            ("transactional.id", id)
        ] + (own.contains("transaction.timeout.ms") ? [] : [("transaction.timeout.ms", String(transactionTimeoutMs))])
    }

    /// `transaction.timeout.ms`: a transaction left open longer (a crashed instance's) is aborted
    /// by the broker; the default is Kafka Streams' for exactly-once.
    var transactionTimeoutMs: Int { properties["transaction.timeout.ms"].flatMap { Int($0) } ?? 10_000 }

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

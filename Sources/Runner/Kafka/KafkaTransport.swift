internal import CRdKafka
public import StreamrunEngine

/// Kafka's transport over librdkafka: topics are created through the Admin API, producers are
/// idempotent, consumers join the application's consumer group.
public final class KafkaTransport: LogTransport, Sendable {
    public let configuration: KafkaConfiguration
    /// Admin requests, metadata and watermark queries.
    private let admin: KafkaHandle
    private let endOffsets: KafkaEndOffsetProbe

    /// Checks the configuration (an unknown or invalid property is an error naming it) and
    /// opens the admin client; brokers are contacted lazily.
    public init(configuration: KafkaConfiguration) throws {
        self.configuration = configuration
        let conf = try KafkaConf(configuration.adminProperties)
        // The role-specific properties are checked now too, so that a bad one fails here.
        _ = try KafkaConf(configuration.producerProperties)
        _ = try KafkaConf(configuration.consumerProperties(group: nil))
        endOffsets = KafkaEndOffsetProbe(configuration: configuration)
        admin = try KafkaHandle(
            .producer, conf: conf,
            context: KafkaClientContext(name: "\(configuration.clientId)-admin", log: configuration.log))
    }

    private var topicAdmin: KafkaTopicAdmin {
        KafkaTopicAdmin(
            handle: admin, replicationFactor: configuration.replicationFactor,
            timeoutMs: configuration.requestTimeoutMs)
    }

    public func createTopics(_ topics: [TopicSpec]) throws {
        try topicAdmin.create(topics)
    }

    @discardableResult
    public func deleteRecords(before offsets: [TopicPartition: Int64]) throws -> [TopicPartition: Int64] {
        try topicAdmin.deleteRecords(before: offsets)
    }

    /// The broker's configuration of `topic` (`cleanup.policy`, `retention.ms`, …).
    public func configs(of topic: String) throws -> [String: String] {
        try topicAdmin.configs(of: topic)
    }

    public func partitionCount(of topic: String) throws -> Int32? {
        try topicAdmin.partitionCount(of: topic)
    }

    /// The partition's log start offset (low watermark): DeleteRecords and retention move it up.
    public func startOffset(of partition: TopicPartition) throws -> Int64 {
        try watermarks(of: partition).low
    }

    /// The partition's high watermark (ListOffsets, checked by reading from there to the end).
    public func endOffset(of partition: TopicPartition) throws -> Int64 {
        try endOffsets.endOffset(of: partition, reported: try watermarks(of: partition).high)
    }

    private func watermarks(of partition: TopicPartition) throws -> (low: Int64, high: Int64) {
        try admin.checkFatal()
        var low: Int64 = 0
        var high: Int64 = 0
        let code = rd_kafka_query_watermark_offsets(
            admin.pointer, partition.topic, partition.partition, &low, &high,
            Int32(clamping: configuration.requestTimeoutMs))
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw StreamrunError("kafka: cannot read the offsets of \(partition): \(KafkaText.describe(code))")
        }
        return (low, high)
    }

    public func makeProducer() throws -> any LogProducer {
        try KafkaProducer(configuration: configuration)
    }

    public func makeTransactionalProducer(id: String) throws -> any TransactionalProducer {
        try KafkaProducer(configuration: configuration, transactionalId: id)
    }

    public func makeConsumer(group: String?) throws -> any LogConsumer {
        try KafkaConsumer(configuration: configuration, group: group)
    }
}

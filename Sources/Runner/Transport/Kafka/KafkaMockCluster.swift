internal import CRdKafka

/// librdkafka's in-process mock Kafka cluster, for tests without a broker; it lives until
/// this object is released. Its brokers name no controller, so the Admin API cannot create
/// topics there: create them with `createTopic` first.
public final class KafkaMockCluster: @unchecked Sendable {
    /// The `bootstrap.servers` of the mock brokers.
    public let bootstrapServers: String
    private let cluster: OpaquePointer
    /// The client whose threads run the mock brokers.
    private let host: KafkaHandle

    public init(brokers: Int = 1, log: @escaping @Sendable (String) -> Void = KafkaConfiguration.logToStandardError) throws {
        let context = KafkaClientContext(name: "mock-cluster", log: log)
        host = try KafkaHandle(.producer, conf: try KafkaConf([("log_level", "3")]), context: context)
        guard let cluster = rd_kafka_mock_cluster_new(host.pointer, Int32(clamping: brokers)) else {
            throw TransportError("kafka: cannot start a mock cluster")
        }
        self.cluster = cluster
        bootstrapServers = KafkaText.string(rd_kafka_mock_cluster_bootstraps(cluster))
    }

    /// Creates `name` directly in the mock cluster.
    public func createTopic(_ name: String, partitions: Int32) throws {
        let code = rd_kafka_mock_topic_create(cluster, name, partitions, 1)
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw TransportError("kafka: mock cluster cannot create '\(name)': \(KafkaText.describe(code))")
        }
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }
}

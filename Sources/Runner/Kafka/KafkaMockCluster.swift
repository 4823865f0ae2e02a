internal import CRdKafka
import StreamrunEngine

/// librdkafka's in-process mock Kafka cluster, for tests without a broker; it lives until
/// this object is released. Its brokers name no controller, so the Admin API cannot create
/// topics there: create them with `createTopic` first.
// @unchecked Sendable: immutable; librdkafka's mock-cluster calls are thread-safe (they lock the cluster or post to
// its thread), and `host` keeps the cluster's client alive.
public final class KafkaMockCluster: @unchecked Sendable {
    /// The `bootstrap.servers` of the mock brokers.
    public let bootstrapServers: String
    private let cluster: OpaquePointer
    /// The client whose threads run the mock brokers.
    private let host: KafkaHandle

    public init(brokers: Int = 1, log: @escaping @Sendable (String) -> Void = KafkaConfiguration.logToStandardError)
        throws
    {
        let context = KafkaClientContext(name: "mock-cluster", log: log)
        host = try KafkaHandle(.producer, conf: try KafkaConf([("log_level", "3")]), context: context)
        guard let cluster = rd_kafka_mock_cluster_new(host.pointer, Int32(clamping: brokers)) else {
            throw StreamrunError("kafka: cannot start a mock cluster")
        }
        self.cluster = cluster
        bootstrapServers = KafkaText.string(rd_kafka_mock_cluster_bootstraps(cluster))
    }

    /// Creates `name` directly in the mock cluster.
    public func createTopic(_ name: String, partitions: Int32) throws {
        let code = rd_kafka_mock_topic_create(cluster, name, partitions, 1)
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw StreamrunError("kafka: mock cluster cannot create '\(name)': \(KafkaText.describe(code))")
        }
    }

    /// The requests a test can make fail or count (Kafka's API keys).
    public enum Request: Int16, Sendable, CaseIterable {
        case offsetCommit = 8
        case heartbeat = 12
        case initProducerId = 22
        case addOffsetsToTxn = 25
        case endTxn = 26
        case txnOffsetCommit = 28
    }

    /// Starts counting the requests the brokers receive.
    public func trackRequests() {
        rd_kafka_mock_start_request_tracking(cluster)
    }

    /// How many of each request the brokers received since `trackRequests`.
    public func requestCounts() -> [Request: Int] {
        var count = 0
        guard let requests = rd_kafka_mock_get_requests(cluster, &count) else { return [:] }
        defer { rd_kafka_mock_request_destroy_array(requests, count) }
        var counts: [Request: Int] = [:]
        for request in UnsafeBufferPointer(start: requests, count: count) {
            if let kind = request.flatMap({ Request(rawValue: rd_kafka_mock_request_api_key($0)) }) {
                counts[kind, default: 0] += 1
            }
        }
        return counts
    }

    /// The errors a test can make the cluster answer with.
    public enum InjectedError: Sendable {
        case unknownMember, illegalGeneration, rebalanceInProgress, producerFenced

        var code: rd_kafka_resp_err_t {
            switch self {
            case .unknownMember: RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID
            case .illegalGeneration: RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION
            case .rebalanceInProgress: RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS
            case .producerFenced: RD_KAFKA_RESP_ERR_PRODUCER_FENCED
            }
        }
    }

    /// Makes the next `count` answers to `request` fail with `error`.
    public func failNext(_ request: Request, count: Int, with error: InjectedError) {
        let codes = [rd_kafka_resp_err_t](repeating: error.code, count: count)
        codes.withUnsafeBufferPointer {
            rd_kafka_mock_push_request_errors_array(cluster, request.rawValue, count, $0.baseAddress)
        }
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }
}

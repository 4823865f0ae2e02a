public import TopologyDSL

/// How a `StreamrunServer` runs: HTTP address, state directory, and the transport to use.
public struct ServerOptions: Sendable {
    public var port: Int
    public var host: String
    public var dataDirectory: String
    public var commitIntervalMs: Int
    /// Kafka brokers (`HOST:PORT,...`); nil runs on the embedded log in `dataDirectory`.
    public var bootstrapServers: String?
    /// Where other instances reach this one; default `http://127.0.0.1:PORT`.
    public var advertisedURL: String?
    /// This instance's name in the group; default `HOSTNAME-PORT`.
    public var instanceId: String?
    /// librdkafka properties `KEY=VALUE`, applied over the topology's `kafka:` section.
    public var kafkaProperties: [String]
    /// Seconds a connection may send nothing before it is closed (mid-request: answered 408 first).
    public var idleTimeoutSeconds: Double
    /// Seconds one request (head and body) may take to arrive before it is answered 408 and closed.
    public var readTimeoutSeconds: Double
    /// Overrides the topology's `processing.guarantee` (default at-least-once).
    public var processingGuarantee: ProcessingGuarantee?

    public init(
        port: Int = 8080, host: String = "0.0.0.0", dataDirectory: String = "./data", commitIntervalMs: Int = 1_000,
        bootstrapServers: String? = nil, advertisedURL: String? = nil, instanceId: String? = nil,
        kafkaProperties: [String] = [], idleTimeoutSeconds: Double = 30,
        readTimeoutSeconds: Double = 60, processingGuarantee: ProcessingGuarantee? = nil
    ) {
        self.port = port
        self.host = host
        self.dataDirectory = dataDirectory
        self.commitIntervalMs = commitIntervalMs
        self.bootstrapServers = bootstrapServers
        self.advertisedURL = advertisedURL
        self.instanceId = instanceId
        self.kafkaProperties = kafkaProperties
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.readTimeoutSeconds = readTimeoutSeconds
        self.processingGuarantee = processingGuarantee
    }
}

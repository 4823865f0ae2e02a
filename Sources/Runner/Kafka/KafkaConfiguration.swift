import Foundation
import StreamrunEngine

/// How the Kafka transport reaches and configures its brokers.
public struct KafkaConfiguration: Sendable {
    /// Comma-separated `host:port` list (librdkafka's `bootstrap.servers`).
    public var bootstrapServers: String
    public var clientId: String
    /// Extra librdkafka properties, passed through to every client (`--kafka key=value`); they
    /// override the transport's defaults.
    public var properties: [String: String]
    /// The consumer group's `session.timeout.ms`.
    public var sessionTimeoutMs: Int
    /// The replication factor of topics created by `createTopics`.
    public var replicationFactor: Int32
    /// The producer's `linger.ms`.
    public var lingerMs: Int
    /// `partition.assignment.strategy` of group consumers.
    public var assignmentStrategy: String
    /// How long admin, metadata and offset requests may take, in milliseconds.
    public var requestTimeoutMs: Int
    /// Where client logs and errors go (default: standard error).
    public var log: @Sendable (String) -> Void

    public init(
        bootstrapServers: String, clientId: String = "streamrun", properties: [String: String] = [:],
        sessionTimeoutMs: Int = 10_000, replicationFactor: Int32 = 1, lingerMs: Int = 5,
        assignmentStrategy: String = "cooperative-sticky", requestTimeoutMs: Int = 30_000,
        log: @escaping @Sendable (String) -> Void = KafkaConfiguration.logToStandardError
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientId = clientId
        self.properties = properties
        self.sessionTimeoutMs = sessionTimeoutMs
        self.replicationFactor = replicationFactor
        self.lingerMs = lingerMs
        self.assignmentStrategy = assignmentStrategy
        self.requestTimeoutMs = requestTimeoutMs
        self.log = log
    }

    /// Adds a `key=value` librdkafka property (as given to `--kafka`).
    public mutating func addProperty(_ assignment: String) throws {
        let (key, value) = try Self.parseProperty(assignment)
        properties[key] = value
    }

    /// Splits `key=value` at the first `=`; the key must not be empty.
    public static func parseProperty(_ assignment: String) throws -> (key: String, value: String) {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw StreamrunError("kafka: property '\(assignment)' is not of the form key=value")
        }
        let key = assignment[..<equals].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw StreamrunError("kafka: property '\(assignment)' has an empty key") }
        return (key, String(assignment[assignment.index(after: equals)...]))
    }

    public static let logToStandardError: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

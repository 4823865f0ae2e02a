import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunKafka

/// Runs blocking client calls on a thread of their own, keeping the test runner's
/// cooperative threads free.
func onKafkaThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}

/// A broker plus a transport on it whose client logs are kept (not printed).
struct KafkaTestCluster: @unchecked Sendable {
    let broker: TansuBroker
    let transport: KafkaTransport
    let logs = LogTestCollector<String>()

    /// Prints `message` in verbose mode, and keeps it with the client logs.
    func note(_ message: String) {
        if kafkaTestVerbose { print("NOTE \(message)") }
        logs.append(message)
    }

    init(
        properties: [String: String] = [:], assignmentStrategy: String = "cooperative-sticky",
        requestTimeoutMs: Int = 10_000
    ) throws {
        broker = try TansuBroker()
        var configuration = kafkaTestConfiguration(broker.bootstrapServers, properties: properties, logs: logs)
        configuration.assignmentStrategy = assignmentStrategy
        configuration.requestTimeoutMs = requestTimeoutMs
        transport = try KafkaTransport(configuration: configuration)
    }
}

func kafkaTestConfiguration(
    _ servers: String, properties: [String: String] = [:],
    logs: LogTestCollector<String>? = nil
) -> KafkaConfiguration {
    KafkaConfiguration(
        bootstrapServers: servers, clientId: "streamrun-test", properties: properties,
        sessionTimeoutMs: 6_000, requestTimeoutMs: 10_000,
        log: { message in
            if kafkaTestVerbose { print(message) }
            logs?.append(message)
        })
}

/// `KAFKA_TEST_VERBOSE=1` prints client logs and test timings as they happen.
let kafkaTestVerbose = ProcessInfo.processInfo.environment["KAFKA_TEST_VERBOSE"] != nil

/// A record as the tests compare it.
struct KafkaTestRecord: Equatable, CustomStringConvertible {
    var partition: TopicPartition
    var offset: Int64
    var timestamp: Int64
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [String: [UInt8]] = [:]

    var description: String { "\(partition)@\(offset)" }
}

func kafkaBytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Copies the records of some batches out.
func copyKafkaRecords(_ batches: [any RecordBatch]) -> [KafkaTestRecord] {
    var records: [KafkaTestRecord] = []
    for batch in batches {
        guard let batch = batch as? KafkaRecordBatch else { continue }
        batch.forEachWithHeaders { view, headers in
            records.append(
                KafkaTestRecord(
                    partition: batch.topicPartition, offset: view.offset, timestamp: view.timestamp,
                    key: view.key.map { Array($0) }, value: view.value.map { Array($0) },
                    headers: Dictionary(headers, uniquingKeysWith: { $1 })))
        }
    }
    return records
}

/// Polls until `count` records arrived or `timeout` seconds passed.
func drainKafka(_ consumer: any LogConsumer, count: Int, timeout: Double = 15) throws -> [KafkaTestRecord] {
    var records: [KafkaTestRecord] = []
    let deadline = Date(timeIntervalSinceNow: timeout)
    while records.count < count && Date() < deadline {
        records += copyKafkaRecords(try consumer.poll(maxRecords: 500, timeoutMs: 100))
    }
    return records
}

/// Polls (discarding records) until `condition` holds or `timeout` seconds passed.
func pollKafka(_ consumers: [any LogConsumer], timeout: Double, until condition: () -> Bool) throws -> Bool {
    let deadline = Date(timeIntervalSinceNow: timeout)
    while !condition() {
        if Date() >= deadline { return false }
        for consumer in consumers { _ = try consumer.poll(maxRecords: 500, timeoutMs: 50) }
    }
    return true
}

/// Produces `records` and flushes, returning the delivery reports in produce order.
func produceKafka(_ producer: any LogProducer, _ records: [OutgoingRecord]) throws -> [Result<
    RecordMetadata, StreamrunError
>] {
    let reports = LogTestCollector<(Int, Result<RecordMetadata, StreamrunError>)>()
    for (i, record) in records.enumerated() { producer.produce(record) { reports.append((i, $0)) } }
    try producer.flush()
    return reports.items.sorted { $0.0 < $1.0 }.map(\.1)
}

/// Records what a rebalance listener hears and on which thread.
final class KafkaTestListener: RebalanceListener, @unchecked Sendable {
    enum Event: Equatable {
        case assigned([TopicPartition])
        case revoked([TopicPartition])
        case lost([TopicPartition])
    }
    let events = LogTestCollector<Event>()
    let threads = LogTestCollector<pthread_t>()
    var onAssigned: (([TopicPartition]) -> Void)?
    var onRevoked: (([TopicPartition]) -> Void)?

    func partitionsAssigned(_ partitions: [TopicPartition]) {
        threads.append(pthread_self())
        events.append(.assigned(partitions.sorted()))
        onAssigned?(partitions)
    }

    func partitionsRevoked(_ partitions: [TopicPartition]) {
        threads.append(pthread_self())
        events.append(.revoked(partitions.sorted()))
        onRevoked?(partitions)
    }

    func partitionsLost(_ partitions: [TopicPartition]) {
        threads.append(pthread_self())
        events.append(.lost(partitions.sorted()))
        onRevoked?(partitions)
    }

    /// The partitions held after replaying the events.
    var held: Set<TopicPartition> {
        var held: Set<TopicPartition> = []
        for event in events.items {
            switch event {
            case .assigned(let partitions): held.formUnion(partitions)
            case .revoked(let partitions), .lost(let partitions): held.subtract(partitions)
            }
        }
        return held
    }
}

func kafkaPartitions(_ topic: String, _ count: Int32) -> [TopicPartition] {
    (0..<count).map { TopicPartition(topic, $0) }
}

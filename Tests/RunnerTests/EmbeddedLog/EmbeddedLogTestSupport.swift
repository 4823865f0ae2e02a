import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

/// A fresh directory under the temporary directory, removed after `body`.
func withLogDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = NSTemporaryDirectory() + "embeddedlog-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// A record as the tests compare it.
struct LogTestRecord: Equatable, CustomStringConvertible {
    var partition: TopicPartition
    var offset: Int64
    var timestamp: Int64
    var key: [UInt8]?
    var value: [UInt8]?

    var description: String { "\(partition)@\(offset)" }
}

func logBytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func logRecord(
    _ topic: String, _ partition: Int32, key: String?, value: String?, timestamp: Int64 = 1_000,
    headers: [(String, [UInt8])] = []
) -> OutgoingRecord {
    OutgoingRecord(
        topic: topic, partition: partition, key: key.map(logBytes), value: value.map(logBytes),
        timestamp: timestamp, headers: headers)
}

/// Copies the records of some batches out.
func copyLogRecords(_ batches: [any RecordBatch]) -> [LogTestRecord] {
    var records: [LogTestRecord] = []
    for batch in batches {
        batch.forEach { view in
            records.append(
                LogTestRecord(
                    partition: batch.topicPartition, offset: view.offset, timestamp: view.timestamp,
                    key: view.key.map { Array($0) }, value: view.value.map { Array($0) }))
        }
    }
    return records
}

/// Polls until `count` records arrived or `timeout` seconds passed.
func drainLog(_ consumer: any LogConsumer, count: Int, maxRecords: Int = 500, timeout: Double = 10) throws
    -> [LogTestRecord]
{
    var records: [LogTestRecord] = []
    let deadline = Date(timeIntervalSinceNow: timeout)
    while records.count < count && Date() < deadline {
        records += copyLogRecords(try consumer.poll(maxRecords: maxRecords, timeoutMs: 100))
    }
    return records
}

/// Thread-safe collection of delivery reports and messages.
final class LogTestCollector<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T] = []

    func append(_ item: T) {
        lock.lock()
        storage.append(item)
        lock.unlock()
    }

    var items: [T] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// Records what a rebalance listener hears.
final class LogTestListener: RebalanceListener, @unchecked Sendable {
    let assigned = LogTestCollector<[TopicPartition]>()
    let revoked = LogTestCollector<[TopicPartition]>()
    func partitionsAssigned(_ partitions: [TopicPartition]) { assigned.append(partitions) }
    func partitionsRevoked(_ partitions: [TopicPartition]) { revoked.append(partitions) }
    func partitionsLost(_ partitions: [TopicPartition]) { revoked.append(partitions) }
}

/// Opens a log whose messages are collected instead of printed.
func openTestLog(_ directory: String, segmentBytes: Int = 128 << 20, messages: LogTestCollector<String>? = nil) throws
    -> EmbeddedLog
{
    let options = EmbeddedLogOptions(segmentBytes: segmentBytes, log: { message in messages?.append(message) })
    return try EmbeddedLog(directory: directory, options: options)
}

/// The segment files of a partition, sorted.
func logSegmentFiles(_ directory: String, _ topic: String, _ partition: Int32) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: "\(directory)/topics/\(topic)/\(partition)")
        .filter { $0.hasSuffix(".log") }.sorted()
}

import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

/// A wall clock the tests move forward.
final class LogTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var skew: Int64 = 0

    func advance(hours: Double) {
        lock.lock()
        skew += Int64(hours * 3_600_000)
        lock.unlock()
    }

    var now: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return EmbeddedLogOptions.wallClock() + skew
    }
}

/// A record with its headers, as the cleaning tests compare them.
struct CleanedTestRecord: Equatable, CustomStringConvertible {
    var offset: Int64
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [String]  // "name=bytes" in order, so headers compare byte for byte

    var description: String { "@\(offset) \(key.map { String(decoding: $0, as: UTF8.self) } ?? "nil")" }
}

/// Opens a log for cleaning tests: small segments, the cleaner driven by the test unless `background`.
func openCleaningLog(
    _ directory: String, segmentBytes: Int = 512, clock: LogTestClock = LogTestClock(),
    deleteRetentionMs: Int64 = EmbeddedLogOptions.defaultDeleteRetentionMs,
    background: Bool = false, messages: LogTestCollector<String>? = nil
) throws -> EmbeddedLog {
    let options = EmbeddedLogOptions(
        segmentBytes: segmentBytes, indexIntervalBytes: 64, deleteRetentionMs: deleteRetentionMs,
        backgroundCleaning: background, cleanerIntervalMs: 50,
        clock: { clock.now }, log: { messages?.append($0) })
    return try EmbeddedLog(directory: directory, options: options)
}

/// Reads `partition` from `offset` until the consumer's position reaches the end offset.
func readToEnd(
    _ log: EmbeddedLog, _ partition: TopicPartition, from offset: Int64 = 0,
    maxRecords: Int = 7
) throws -> [CleanedTestRecord] {
    let consumer = try log.makeConsumer(group: nil) as! EmbeddedLogConsumer
    defer { consumer.close() }
    consumer.assign([partition: offset])
    return try readUntilEnd(consumer, log, partition, maxRecords: maxRecords)
}

func readUntilEnd(
    _ consumer: EmbeddedLogConsumer, _ log: EmbeddedLog, _ partition: TopicPartition,
    maxRecords: Int = 7
) throws -> [CleanedTestRecord] {
    let end = try log.endOffset(of: partition)
    var records: [CleanedTestRecord] = []
    let deadline = Date(timeIntervalSinceNow: 10)
    while (consumer.position(partition) ?? 0) < end && Date() < deadline {
        for batch in try consumer.poll(maxRecords: maxRecords, timeoutMs: 100) {
            records += copyCleanedRecords(batch)
        }
    }
    return records
}

func copyCleanedRecords(_ batch: any RecordBatch) -> [CleanedTestRecord] {
    var records: [CleanedTestRecord] = []
    (batch as! EmbeddedLogBatch).forEachWithHeaders { view, headers in
        records.append(
            CleanedTestRecord(
                offset: view.offset, key: view.key.map { Array($0) },
                value: view.value.map { Array($0) },
                headers: headers.decoded().map { "\($0.0)=\($0.1)" }))
    }
    return records
}

/// Produces `records` and waits until they are durable.
func produceAll(_ log: EmbeddedLog, _ records: [OutgoingRecord]) throws {
    let producer = try log.makeProducer()
    for record in records { producer.produce(record, delivery: nil) }
    try producer.flush()
}

/// Bytes of a partition's segment files on disk.
func segmentBytesOnDisk(_ directory: String, _ topic: String, _ partition: Int32) throws -> Int {
    try logSegmentFiles(directory, topic, partition).reduce(0) { total, file in
        total
            + ((try FileManager.default.attributesOfItem(atPath: "\(directory)/topics/\(topic)/\(partition)/\(file)")[
                .size] as? Int) ?? 0)
    }
}

import StreamrunEngine

/// A producer of the driver's log: records wait in a queue until a flush, or until the driver
/// delivers what is queued; each delivery report is called when its record is appended. A crash
/// armed for this producer's member happens in the flush that reaches its commit step.
// @unchecked Sendable: confined to the thread driving its TopologyTestDriver (which starts no threads); `queue`,
// `failure` and `closed` are only touched there, delivery callbacks included.
final class DriverProducer: LogProducer, @unchecked Sendable {
    private let log: DriverLog
    let member: String
    private var queue:
        [(record: OutgoingRecord, delivery: (@Sendable (Result<RecordMetadata, StreamrunError>) -> Void)?)] = []
    private var failure: StreamrunError?
    private var closed = false

    init(log: DriverLog, member: String) {
        self.log = log
        self.member = member
    }

    var maxRecordBytes: Int { log.maxRecordBytes }
    var hasQueuedRecords: Bool { !queue.isEmpty }

    func produce(_ record: OutgoingRecord, delivery: (@Sendable (Result<RecordMetadata, StreamrunError>) -> Void)?) {
        var refused: StreamrunError?
        if closed {
            refused = StreamrunError("test driver: produce on a closed producer")
        } else if !accepts(record) {
            refused = StreamrunError("test driver: a record for \(record.topic) exceeds \(maxRecordBytes) bytes")
        } else if (try? log.partition(TopicPartition(record.topic, record.partition))) == nil {
            refused = StreamrunError("test driver: no partition \(record.topic)-\(record.partition)")
        }
        guard let refused else { return queue.append((record, delivery)) }
        if let delivery { delivery(.failure(refused)) } else if failure == nil { failure = refused }
    }

    /// Appends every queued record, in order, calling its delivery report.
    func deliverQueued() {
        let records = queue
        queue.removeAll()
        for (record, delivery) in records {
            do {
                let offset = try log.append(record)
                delivery?(.success(RecordMetadata(TopicPartition(record.topic, record.partition), offset: offset)))
            } catch {
                let error = error as? StreamrunError ?? StreamrunError("\(error)")
                if let delivery { delivery(.failure(error)) } else if failure == nil { failure = error }
            }
        }
    }

    func flush() throws {
        if var crash = log.armedCrash, crash.member == member, !crash.fired,
            let appendFirst = crash.step.crashesInFlush(
                carryingMarkers: queue.contains { $0.record.key.map(DrivenInstance.isCommitMarker) ?? false })
        {
            if appendFirst { deliverQueued() } else { queue.removeAll() }
            crash.fired = true
            log.armedCrash = crash
            throw SimulatedCrash(step: crash.step, member: member)
        }
        deliverQueued()
        if let failure {
            self.failure = nil
            throw failure
        }
    }

    func close() {
        deliverQueued()
        closed = true
        log.unregister(self)
    }

    /// The process died: what is queued is lost.
    func discard() {
        queue.removeAll()
        closed = true
        log.unregister(self)
    }
}

import Foundation
import StreamrunEngine

/// The group-commit writer shared by all producers of one embedded log. `produce` encodes the
/// record into its partition's queue and returns; one writer thread repeatedly takes everything
/// queued, writes each partition with one write(2) per segment, fdatasyncs every touched file,
/// and only then publishes the offsets to consumers and calls the delivery callbacks. Whatever is
/// produced while a cycle syncs goes into the next cycle, so one fsync covers many records.
// @unchecked Sendable: every mutable field is read and written under `condition`, except `thread`, set once in
// init before the writer thread starts.
final class LogWriter: @unchecked Sendable {
    private let condition = NSCondition()
    let notifier: LogNotifier
    /// Bumped whenever a segment rolls (the background cleaner waits on it).
    let rolls: LogNotifier
    let maxRecordBytes: Int
    private let maxQueuedBytes: Int
    private var thread: Thread?

    // Guarded by `condition`.
    private var queues: [TopicPartition: PartitionQueue] = [:]
    private var dirty: [PartitionQueue] = []
    private var enqueued: UInt64 = 0
    private var completed: UInt64 = 0
    /// Bytes queued or being written; `produce` waits while it exceeds `maxQueuedBytes`.
    private var queuedBytes = 0
    /// Work to run on the writer thread between cycles (`perform`).
    private var chores: [() -> Void] = []
    private var lifecycle = StateMachine()
    private var counters = Statistics()
    /// Tests: how many coming cycles should fail as if fdatasync had failed, and, if set, the
    /// partition a cycle must write to count (so that other partitions' writes use none up).
    private var injectedSyncFailures = 0
    private var injectedSyncFailurePartition: TopicPartition?

    /// What the writer has done since the log was opened.
    struct Statistics: Sendable {
        /// Group commits: write-then-sync rounds.
        var cycles = 0
        var records = 0
    }

    /// Makes the next `cycles` group commits fail their sync (fault injection for tests); with
    /// `partition`, the next `cycles` that write records of that partition.
    func injectSyncFailures(_ cycles: Int, partition: TopicPartition? = nil) {
        condition.lock()
        injectedSyncFailures = cycles
        injectedSyncFailurePartition = partition
        condition.unlock()
    }

    var statistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        return counters
    }

    init(notifier: LogNotifier, rolls: LogNotifier = LogNotifier(), options: EmbeddedLogOptions) {
        self.notifier = notifier
        self.rolls = rolls
        maxRecordBytes = options.maxRecordBytes
        maxQueuedBytes = options.maxQueuedBytes
        let thread = Thread { [self] in run() }
        thread.name = "embedded-log-writer"
        self.thread = thread
        thread.start()
    }

    /// Makes a partition writable.
    func register(_ log: PartitionLog) {
        condition.lock()
        if queues[log.topicPartition] == nil { queues[log.topicPartition] = PartitionQueue(log: log) }
        condition.unlock()
    }

    /// Queues `record`; returns the error when it is refused at once.
    func enqueue(
        _ record: OutgoingRecord, producer: EmbeddedLogProducer,
        delivery: (@Sendable (Result<RecordMetadata, StreamrunError>) -> Void)?
    ) -> StreamrunError? {
        let size = RecordFrame.encodedSize(record)
        if size > maxRecordBytes {
            return StreamrunError(
                "embedded log: record of \(size) bytes for \(record.topic)-\(record.partition) "
                    + "exceeds the limit of \(maxRecordBytes) bytes")
        }
        condition.lock()
        defer { condition.unlock() }
        if queuedBytes > maxQueuedBytes && Thread.current !== thread {
            while queuedBytes > maxQueuedBytes && lifecycle.accepts { condition.wait() }
        }
        if !lifecycle.accepts { return StreamrunError("embedded log: the log is closed") }
        guard let queue = queues[TopicPartition(record.topic, record.partition)] else {
            return StreamrunError("embedded log: unknown topic partition \(record.topic)-\(record.partition)")
        }
        let offset = queue.nextOffset
        queue.nextOffset += 1
        RecordFrame.encode(record, offset: offset, size: size, into: queue.buffer)
        if queue.count == 0 {
            queue.firstOffset = offset
            dirty.append(queue)
        }
        queue.count += 1
        // A failure belongs to the caller: the record's callback, or else its producer's next flush.
        if let delivery {
            queue.callbacks.append((offset, delivery))
        } else if queue.producers.last !== producer {
            queue.producers.append(producer)
        }
        enqueued += 1
        queuedBytes += size
        producer.lastSequence = enqueued
        wakeWriterIfIdle()
        return nil
    }

    /// Blocks until everything `producer` queued so far is durable (or failed).
    func flush(_ producer: EmbeddedLogProducer) throws {
        if Thread.current === thread {
            throw StreamrunError("embedded log: flush() cannot be called from a delivery callback")
        }
        condition.lock()
        let target = producer.lastSequence
        while completed < target && !lifecycle.isStopped { condition.wait() }
        let done = completed >= target
        condition.unlock()
        if !done { throw StreamrunError("embedded log: closed before all records were written") }
    }

    /// Runs `body` on the writer thread between two cycles (so no append is half done) and
    /// returns its result; throws when the writer has stopped.
    func perform<T>(_ body: @escaping () throws -> T) throws -> T {
        if Thread.current === thread { return try body() }
        let done = NSCondition()
        var result: Result<T, any Error>?
        condition.lock()
        if !lifecycle.accepts {
            condition.unlock()
            throw StreamrunError("embedded log: the log is closed")
        }
        chores.append {
            let outcome = Result(catching: body)
            done.lock()
            result = outcome
            done.broadcast()
            done.unlock()
        }
        wakeWriterIfIdle()
        condition.unlock()
        done.lock()
        while result == nil { done.wait() }
        done.unlock()
        return try result!.get()
    }

    /// Writes what is queued, then stops the writer thread.
    func shutdown() {
        condition.lock()
        defer { condition.unlock() }
        switch lifecycle.shutdownRequested() {
        case .wakeWriterAndWait: condition.broadcast()
        case .waitForWriter: break
        case .none: return
        }
        if Thread.current !== thread {
            while !lifecycle.isStopped { condition.wait() }
        }
    }

    /// Under `condition`: wakes the writer if it waits for work.
    private func wakeWriterIfIdle() {
        switch lifecycle.workQueued() {
        case .wakeWriter: condition.broadcast()
        case .none: break
        }
    }

    private func run() {
        while true {
            condition.lock()
            var step = lifecycle.nextStep(queued: !dirty.isEmpty, chores: !chores.isEmpty)
            while step == .waitForWork {
                condition.wait()
                step = lifecycle.nextStep(queued: !dirty.isEmpty, chores: !chores.isEmpty)
            }
            switch step {
            case .runChores:
                let work = chores
                chores.removeAll()
                condition.unlock()
                for chore in work { chore() }
                continue
            case .finish:
                completed = enqueued
                condition.broadcast()
                condition.unlock()
                return
            case .writeCycle:
                break
            case .waitForWork:
                preconditionFailure("the writer waits above until it has work or drains")
            }
            let batches = dirty.map { $0.take() }
            dirty.removeAll(keepingCapacity: true)
            let sequence = enqueued
            let injectFailure =
                injectedSyncFailures > 0
                && injectedSyncFailurePartition.map { partition in
                    batches.contains { $0.queue.log.topicPartition == partition }
                } ?? true
            if injectFailure { injectedSyncFailures -= 1 }
            condition.unlock()

            let failed = write(batches, injectSyncFailure: injectFailure)

            condition.lock()
            counters.cycles += 1
            counters.records += batches.reduce(0) { $0 + $1.count }
            queuedBytes -= batches.reduce(0) { $0 + $1.buffer.count }
            var dropped: [QueuedBatch] = []
            for batch in batches {
                batch.queue.recycle(batch.buffer)
                if failed.contains(ObjectIdentifier(batch.queue)) {
                    // Records queued meanwhile got offsets after the failed ones: fail them too.
                    batch.queue.nextOffset = batch.queue.log.endOffset
                    if batch.queue.count > 0 {
                        dropped.append(batch.queue.take())
                        dirty.removeAll { $0 === batch.queue }
                    }
                }
            }
            condition.unlock()
            for batch in dropped {
                batch.fail(StreamrunError("embedded log: an earlier write to \(batch.queue.log.topicPartition) failed"))
            }
            condition.lock()
            for batch in dropped {
                queuedBytes -= batch.buffer.count
                batch.queue.recycle(batch.buffer)
            }
            completed = dirty.isEmpty ? enqueued : sequence
            condition.broadcast()
            condition.unlock()
        }
    }
}

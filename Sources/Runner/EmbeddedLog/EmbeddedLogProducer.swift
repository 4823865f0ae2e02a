import Foundation
public import StreamrunEngine

/// A producer of the embedded log; every producer of one log shares its group-commit writer.
// @unchecked Sendable: `failure` and `closed` are guarded by `lock`, `lastSequence` by the LogWriter's `condition`.
public final class EmbeddedLogProducer: LogProducer, @unchecked Sendable {
    private let writer: LogWriter
    private let lock = NSLock()
    private var failure: StreamrunError?  // guarded by `lock`
    private var closed = false  // guarded by `lock`
    /// The writer's sequence number of the last record queued here; guarded by the writer's lock.
    var lastSequence: UInt64 = 0

    init(writer: LogWriter) { self.writer = writer }

    public var maxRecordBytes: Int { writer.maxRecordBytes - RecordFrame.minimumSize }

    public func produce(
        _ record: OutgoingRecord,
        delivery: (@Sendable (Result<RecordMetadata, StreamrunError>) -> Void)?
    ) {
        lock.lock()
        let isClosed = closed
        lock.unlock()
        let refused =
            isClosed
            ? StreamrunError("embedded log: produce on a closed producer")
            : writer.enqueue(record, producer: self, delivery: delivery)
        guard let refused else { return }
        // A failure belongs to the caller: its callback, or else this producer's next flush.
        if let delivery { delivery(.failure(refused)) } else { noteFailure(refused) }
    }

    /// Blocks until every record produced before the call is durable; throws the first failure
    /// since the previous flush.
    public func flush() throws {
        try writer.flush(self)
        lock.lock()
        let failure = self.failure
        self.failure = nil
        lock.unlock()
        if let failure { throw failure }
    }

    /// Flushes, then refuses further records.
    public func close() {
        try? writer.flush(self)
        lock.lock()
        closed = true
        lock.unlock()
    }

    /// Remembers a failed record so that the next `flush` throws.
    func noteFailure(_ error: StreamrunError) {
        lock.lock()
        if failure == nil { failure = error }
        lock.unlock()
    }
}

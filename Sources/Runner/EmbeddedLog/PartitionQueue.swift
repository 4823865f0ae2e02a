import StreamrunEngine

/// Records of one partition queued for the writer's next cycle; guarded by the writer's lock.
// @unchecked Sendable: every field but `log` is read and written under the LogWriter's `condition`; a taken batch's
// buffer belongs to the writer thread until it is recycled under that lock.
final class PartitionQueue: @unchecked Sendable {
    let log: PartitionLog
    /// The offset the next queued record gets.
    var nextOffset: Int64
    var buffer = FrameBuffer()
    private var spare: FrameBuffer? = FrameBuffer()
    var firstOffset: Int64 = 0
    var count = 0
    var callbacks: [(offset: Int64, delivery: @Sendable (Result<RecordMetadata, StreamrunError>) -> Void)] = []
    var producers: [EmbeddedLogProducer] = []

    init(log: PartitionLog) {
        self.log = log
        nextOffset = log.endOffset
    }

    /// Takes the queued records for a writer cycle and starts an empty queue.
    func take() -> QueuedBatch {
        let batch = QueuedBatch(
            queue: self, buffer: buffer, firstOffset: firstOffset, count: count,
            callbacks: callbacks, producers: producers)
        buffer = spare ?? FrameBuffer()
        spare = nil
        count = 0
        callbacks = []
        producers = []
        return batch
    }

    /// Gives back a written batch's buffer for reuse.
    func recycle(_ used: FrameBuffer) {
        used.reset()
        if spare == nil { spare = used }
    }
}

/// The records of one partition taken by one writer cycle.
struct QueuedBatch {
    let queue: PartitionQueue
    let buffer: FrameBuffer
    let firstOffset: Int64
    let count: Int
    let callbacks: [(offset: Int64, delivery: @Sendable (Result<RecordMetadata, StreamrunError>) -> Void)]
    let producers: [EmbeddedLogProducer]

    /// Reports `error` to every record of the batch: to its callback, or to the producer that queued it without one.
    func fail(_ error: StreamrunError) {
        for producer in producers { producer.noteFailure(error) }
        for callback in callbacks { callback.delivery(.failure(error)) }
    }
}

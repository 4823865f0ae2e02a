/// How a topic should be created.
public struct TopicSpec: Sendable, Hashable {
    public var name: String
    public var partitions: Int32
    /// Compacted topics keep the latest record per key (changelogs): Kafka's
    /// `cleanup.policy=compact`; the others are `cleanup.policy=delete` (retention below).
    public var compacted: Bool
    /// Kafka's `retention.ms` for a topic that is not compacted: a closed segment whose last write
    /// is older than this is deleted; -1 keeps records forever (default 7 days).
    public var retentionMs: Int64
    /// Kafka's `retention.bytes` for a topic that is not compacted: the oldest closed segments of a
    /// partition are deleted while it is larger than this; -1 is unlimited (the default).
    public var retentionBytes: Int64

    public static let defaultRetentionMs: Int64 = 7 * 24 * 3600 * 1000

    public init(
        name: String, partitions: Int32, compacted: Bool = false,
        retentionMs: Int64 = TopicSpec.defaultRetentionMs, retentionBytes: Int64 = -1
    ) {
        self.name = name
        self.partitions = partitions
        self.compacted = compacted
        self.retentionMs = retentionMs
        self.retentionBytes = retentionBytes
    }
}

/// Told by a consumer when partitions are assigned or revoked; called on the polling thread.
public protocol RebalanceListener: AnyObject {
    func partitionsAssigned(_ partitions: [TopicPartition])
    /// Called before the partitions are taken away: commit what was processed here.
    func partitionsRevoked(_ partitions: [TopicPartition])
    /// Called when the partitions were taken away without a revocation (the member fell out of
    /// the group): another member may own them already, so nothing of theirs may be written.
    func partitionsLost(_ partitions: [TopicPartition])
}

/// The partitioned log a runner runs on: Kafka's contract, implemented by the embedded log and Kafka.
public protocol LogTransport: AnyObject, Sendable {
    /// Creates the topics that do not exist yet; fails when one exists with another partition count.
    func createTopics(_ topics: [TopicSpec]) throws
    /// The partition count of `topic`, or nil when it does not exist.
    func partitionCount(of topic: String) throws -> Int32?
    /// The offset the next appended record of `partition` will get (Kafka's high watermark).
    func endOffset(of partition: TopicPartition) throws -> Int64
    /// Kafka's DeleteRecords: records of each partition below its offset become unreadable and
    /// their space is freed; returns each partition's new log start offset.
    @discardableResult
    func deleteRecords(before offsets: [TopicPartition: Int64]) throws -> [TopicPartition: Int64]
    func makeProducer() throws -> any LogProducer
    /// A producer whose records, with a group's input offsets, take effect together at each
    /// commit or not at all; `id` is stable across restarts of the same instance, so a new
    /// producer with it fences the old one. Throws on a log without transactions.
    func makeTransactionalProducer(id: String) throws -> any TransactionalProducer
    /// A consumer in `group` (nil: no group, partitions are assigned by hand).
    func makeConsumer(group: String?) throws -> any LogConsumer
}

extension LogTransport {
    /// The offset after a record that `partition`'s log took at `delivered`, asking the log when
    /// the delivery report had no offset (librdkafka's, after an idempotent retry); the record
    /// must be the last one appended there (a commit marker, just flushed).
    func offset(after delivered: Int64?, in partition: TopicPartition) throws -> Int64 {
        if let delivered, delivered >= 0 { return delivered + 1 }
        return try endOffset(of: partition)
    }
}

/// Appends records to topics; delivery is reported once a record is durable.
public protocol LogProducer: AnyObject, Sendable {
    /// Queues `record`; `delivery` is called once it is durable (or failed), on any thread.
    func produce(_ record: OutgoingRecord, delivery: (@Sendable (Result<RecordMetadata, StreamrunError>) -> Void)?)
    /// Blocks until every record produced before the call is durable; throws if any of those
    /// produced without a delivery callback failed (a callback hears of its own record's failure).
    func flush() throws
    func close()
    /// The largest record (key, value and headers, in bytes) the transport accepts.
    var maxRecordBytes: Int { get }
}

extension LogProducer {
    /// Whether `record` is small enough for the transport.
    public func accepts(_ record: OutgoingRecord) -> Bool {
        (record.key?.count ?? 0) + (record.value?.count ?? 0)
            + record.headers.reduce(0) { $0 + $1.0.utf8.count + $1.1.count } <= maxRecordBytes
    }

    /// Produces `record` and waits until it is durable.
    public func send(_ record: OutgoingRecord) async throws -> RecordMetadata {
        try await withCheckedThrowingContinuation { continuation in
            produce(record) { continuation.resume(with: $0.mapError { $0 as any Error }) }
        }
    }
}

/// A producer in transactions: every record produced between `beginTransaction` and
/// `commitTransaction` takes effect, with the input offsets, all at once or not at all.
public protocol TransactionalProducer: LogProducer {
    func beginTransaction() throws
    /// Commits the open transaction with `offsets` as `consumer`'s group's next offsets to read.
    /// Throws `.transactionAborted` when the transaction had to be aborted (nothing of it takes
    /// effect; the producer can begin the next one) and `.fenced` when a newer producer with the
    /// same id took over (this one is done).
    func commitTransaction(offsets: [TopicPartition: Int64], consumer: any LogConsumer) throws
    /// Aborts the open transaction: none of its records take effect.
    func abortTransaction() throws
}

/// Reads records of subscribed or assigned partitions and commits offsets.
public protocol LogConsumer: AnyObject, Sendable {
    /// Joins the consumer group for `topics`; the listener hears of assignments during `poll`.
    func subscribe(_ topics: [String], listener: any RebalanceListener)
    /// Reads the given partitions from the given offsets, outside any group.
    func assign(_ positions: [TopicPartition: Int64])
    /// Up to `maxRecords` records, waiting at most `timeoutMs` for the first one.
    func poll(maxRecords: Int, timeoutMs: Int) throws -> [any RecordBatch]
    /// Commits the next offsets to read for the group; throws `.notMember` when the group has
    /// moved on without this member.
    func commit(_ offsets: [TopicPartition: Int64]) throws
    /// The generation of the group this consumer is a member of (Kafka's generation id, bumped at
    /// every rebalance), nil without one or on a log with a single member.
    var groupGeneration: Int64? { get }
    /// The group's committed next offset for `partition`, if any.
    func committed(_ partition: TopicPartition) throws -> Int64?
    /// The next offset `poll` reads from an assigned partition, once known.
    func position(_ partition: TopicPartition) -> Int64?
    /// Moves the read position of an assigned partition.
    func seek(_ partition: TopicPartition, to offset: Int64)
    /// Stops fetching `partitions` (records already fetched may still arrive) until `resume`;
    /// the partitions stay assigned.
    func pause(_ partitions: [TopicPartition])
    func resume(_ partitions: [TopicPartition])
    /// Wakes a blocked `poll` so its thread can stop.
    func wakeup()
    func close()
}

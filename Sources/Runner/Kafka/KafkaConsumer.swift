internal import CRdKafka
import Foundation
public import StreamrunEngine

/// A Kafka consumer: a member of a consumer group (partitions come and go through the
/// rebalance listener, told on the polling thread), or a reader of assigned partitions.
// @unchecked Sendable: `lifecycle` and `pendingError` are guarded by `lock`, polls by `pollLock`; the
// `rd_kafka_t` and its queue are thread-safe librdkafka handles.
public final class KafkaConsumer: LogConsumer, @unchecked Sendable {
    let handle: KafkaHandle
    let queue: KafkaQueue
    let rebalance: KafkaRebalanceHandler
    let group: String?
    let timeoutMs: Int
    /// Held for the whole of a `poll`, so `close` waits for a poll in progress.
    let pollLock = NSLock()
    let lock = NSLock()
    // Guarded by `lock`.
    var lifecycle = StateMachine()
    var pendingError: StreamrunError?

    init(configuration: KafkaConfiguration, group: String?) throws {
        if let group, group.isEmpty { throw StreamrunError("kafka: a consumer group needs a non-empty name") }
        self.group = group
        timeoutMs = configuration.requestTimeoutMs
        rebalance = KafkaRebalanceHandler()
        let context = KafkaClientContext(
            name: "\(configuration.clientId)-consumer\(group.map { "-" + $0 } ?? "")",
            log: configuration.log, rebalance: rebalance)
        let conf = try KafkaConf(configuration.consumerProperties(group: group))
        handle = try KafkaHandle(.consumer, conf: conf, context: context)
        guard let queue = KafkaQueue(consumerOf: handle) else {
            throw StreamrunError("kafka: consumer \(context.name) has no consumer queue")
        }
        self.queue = queue
    }

    deinit { close() }

    public func subscribe(_ topics: [String], listener: any RebalanceListener) {
        switch lock.withLock({ lifecycle.subscribe() }) {
        case .refuseClosed:
            return notePending(StreamrunError("kafka: cannot subscribe a closed consumer to \(topics)"))
        case .leaveAssignmentAndSubscribe:
            _ = rd_kafka_assign(handle.pointer, nil)
            rebalance.setAssignment([])
        case .subscribe:
            break
        }
        rebalance.setListener(listener)
        let list = KafkaPartitionList(capacity: topics.count)
        for topic in Set(topics).sorted() {
            list.add(TopicPartition(topic, KafkaOffsets.unassignedPartition), offset: KafkaOffsets.invalid)
        }
        let code = list.with { rd_kafka_subscribe(handle.pointer, $0) }
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            notePending(StreamrunError("kafka: cannot subscribe to \(topics): \(KafkaText.describe(code))"))
        }
    }

    /// Switching a subscribed consumer to manual assignment is not supported by librdkafka's
    /// state machine in one step: use a consumer without a group for manual reads.
    public func assign(_ positions: [TopicPartition: Int64]) {
        switch lock.withLock({ lifecycle.assign() }) {
        case .refuseClosed:
            return notePending(StreamrunError("kafka: cannot assign partitions to a closed consumer"))
        case .unsubscribeAndAssign:
            _ = rd_kafka_unsubscribe(handle.pointer)
        case .assign:
            break
        }
        rebalance.setListener(nil)
        let code = KafkaPartitionList(positions).with { rd_kafka_assign(handle.pointer, $0) }
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            notePending(StreamrunError("kafka: cannot assign \(positions.keys.sorted()): \(KafkaText.describe(code))"))
        }
        rebalance.setAssignment(Set(positions.keys))
    }

    public func commit(_ offsets: [TopicPartition: Int64]) throws {
        guard group != nil else { throw StreamrunError("kafka: commit needs a consumer with a group") }
        guard !offsets.isEmpty else { return }
        try handle.checkFatal()
        let list = KafkaPartitionList(offsets)
        let code = list.with { rd_kafka_commit(handle.pointer, $0, 0) }
        let failed = list.entries.filter { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }
        if code != RD_KAFKA_RESP_ERR_NO_ERROR || !failed.isEmpty {
            let detail = failed.map { "\($0.partition): \(KafkaText.describe($0.error))" }.joined(separator: ", ")
            let membership = ([code] + failed.map(\.error)).contains(where: Self.meansNotMember)
            throw StreamrunError(
                "kafka: commit of \(offsets.keys.sorted()) failed: \(KafkaText.describe(code))"
                    + (detail.isEmpty ? "" : " (\(detail))"), code: membership ? .notMember : .failed)
        }
    }

    /// Whether a commit error says the group moved on without this member (a rebalance under way,
    /// an older generation, an expelled or replaced member).
    static func meansNotMember(_ code: rd_kafka_resp_err_t) -> Bool {
        [
            RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION, RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID,
            RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID, RD_KAFKA_RESP_ERR__ASSIGNMENT_LOST,
            RD_KAFKA_RESP_ERR_STALE_MEMBER_EPOCH,
            RD_KAFKA_RESP_ERR_FENCED_MEMBER_EPOCH,
        ].contains(code)
    }

    public var groupGeneration: Int64? {
        guard group != nil, let metadata = rd_kafka_consumer_group_metadata(handle.pointer) else { return nil }
        defer { rd_kafka_consumer_group_metadata_destroy(metadata) }
        let generation = rd_kafka_consumer_group_metadata_generation_id(metadata)
        return generation >= 0 ? Int64(generation) : nil
    }

    public func pause(_ partitions: [TopicPartition]) {
        guard !partitions.isEmpty else { return }
        let list = KafkaPartitionList(partitions)
        let code = list.with { rd_kafka_pause_partitions(handle.pointer, $0) }
        if code != RD_KAFKA_RESP_ERR_NO_ERROR { handle.log("kafka: pause \(partitions): \(KafkaText.describe(code))") }
    }

    public func resume(_ partitions: [TopicPartition]) {
        guard !partitions.isEmpty else { return }
        let list = KafkaPartitionList(partitions)
        let code = list.with { rd_kafka_resume_partitions(handle.pointer, $0) }
        if code != RD_KAFKA_RESP_ERR_NO_ERROR { handle.log("kafka: resume \(partitions): \(KafkaText.describe(code))") }
    }

    public func committed(_ partition: TopicPartition) throws -> Int64? {
        guard group != nil else { return nil }
        try handle.checkFatal()
        let list = KafkaPartitionList([partition])
        let code = list.with { rd_kafka_committed(handle.pointer, $0, Int32(clamping: timeoutMs)) }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let entry = list.entries.first else {
            throw StreamrunError("kafka: cannot read the committed offset of \(partition): \(KafkaText.describe(code))")
        }
        if entry.error != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw StreamrunError(
                "kafka: cannot read the committed offset of \(partition): "
                    + KafkaText.describe(entry.error))
        }
        return entry.offset >= 0 ? entry.offset : nil
    }

    public func seek(_ partition: TopicPartition, to offset: Int64) {
        guard rebalance.shouldSeekNow(partition, to: offset) else { return }
        let list = KafkaPartitionList([partition: offset])
        let result = list.with { rd_kafka_seek_partitions(handle.pointer, $0, Int32(clamping: timeoutMs)) }
        if let error = KafkaText.take(result, "seek \(partition) to \(offset)") {
            handle.log(error.description)
            notePending(error)
        } else if let failed = list.entries.first(where: { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }) {
            notePending(
                StreamrunError("kafka: seek \(partition) to \(offset) failed: \(KafkaText.describe(failed.error))"))
        }
    }

    /// The partitions currently assigned.
    public var assignedPartitions: [TopicPartition] { rebalance.assignment.sorted() }

    /// The next offset `poll` reads from `partition`, once something was read from it.
    public func position(_ partition: TopicPartition) -> Int64? {
        let list = KafkaPartitionList([partition])
        guard list.with({ rd_kafka_position(handle.pointer, $0) }) == RD_KAFKA_RESP_ERR_NO_ERROR,
            let offset = list.entries.first?.offset, offset >= 0
        else { return nil }
        return offset
    }

    /// Makes a blocked `poll` return at once, or (if none is blocked) the next one that finds
    /// no record waiting.
    public func wakeup() {
        queue.yield()
    }

    /// Leaves the group (without telling the listener) and stops fetching; waits for a poll in
    /// progress on another thread (`wakeup` makes it return).
    public func close() {
        switch lock.withLock({ lifecycle.close() }) {
        case .none: return
        case .closeConsumer: break
        }
        rebalance.setClosing()
        queue.yield()
        pollLock.lock()
        defer { pollLock.unlock() }
        let code = rd_kafka_consumer_close(handle.pointer)
        if code != RD_KAFKA_RESP_ERR_NO_ERROR { handle.log("close: \(KafkaText.describe(code))") }
    }

    func notePending(_ error: StreamrunError) {
        lock.lock()
        if pendingError == nil { pendingError = error }
        lock.unlock()
    }
}

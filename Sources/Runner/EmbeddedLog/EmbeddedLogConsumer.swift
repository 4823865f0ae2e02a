import Foundation
public import StreamrunEngine

/// A consumer of the embedded log: the single member of its group (it gets every partition of
/// the subscribed topics), or a manual reader of assigned partitions.
// @unchecked Sendable: every mutable field (the non-Sendable listeners too) is read and written under `lock`;
// listeners are called outside it, on the polling thread.
public final class EmbeddedLogConsumer: LogConsumer, @unchecked Sendable {
    let log: EmbeddedLog
    let group: GroupOffsetStore?
    let lock = NSLock()

    // Guarded by `lock`.
    var subscription: [String]?
    var listener: (any RebalanceListener)?
    /// The listener that heard of the current assignment (told of revocations).
    var assignedListener: (any RebalanceListener)?
    var subscriptionChanged = false
    var seenTopicsVersion: UInt64 = .max
    var assignment: [(partition: TopicPartition, log: PartitionLog)] = []
    var positions: [TopicPartition: Int64] = [:]
    var hints: [TopicPartition: ReadHint] = [:]
    var pendingSeeks: [TopicPartition: Int64] = [:]
    var paused: Set<TopicPartition> = []
    var assignError: StreamrunError?
    var rotation = 0
    var wakeRequested = false
    var closed = false

    init(log: EmbeddedLog, group: GroupOffsetStore?) {
        self.log = log
        self.group = group
    }

    public func subscribe(_ topics: [String], listener: any RebalanceListener) {
        lock.lock()
        defer { lock.unlock() }
        if subscription == nil { clearAssignment() }
        subscription = Array(Set(topics)).sorted()
        self.listener = listener
        subscriptionChanged = true
    }

    public func assign(_ positions: [TopicPartition: Int64]) {
        lock.lock()
        defer { lock.unlock() }
        subscription = nil
        listener = nil
        assignedListener = nil
        clearAssignment()
        for (partition, offset) in positions.sorted(by: { $0.key < $1.key }) {
            do {
                assignment.append((partition, try log.topics.log(partition)))
                self.positions[partition] = offset
            } catch {
                assignError = error as? StreamrunError
            }
        }
    }

    /// Caller holds `lock`.
    func clearAssignment() {
        assignment = []
        positions = [:]
        hints = [:]
        pendingSeeks = [:]
        paused = []
        assignError = nil
    }

    public func pause(_ partitions: [TopicPartition]) {
        lock.withLock { paused.formUnion(partitions) }
    }

    public func resume(_ partitions: [TopicPartition]) {
        lock.withLock { paused.subtract(partitions) }
        log.notifier.bump()
    }

    /// The embedded log's group has one member: no generations.
    public var groupGeneration: Int64? { nil }

    public func commit(_ offsets: [TopicPartition: Int64]) throws {
        guard let group else { throw StreamrunError("embedded log: commit needs a consumer with a group") }
        for partition in offsets.keys { _ = try log.topics.log(partition) }
        try group.commit(offsets)
    }

    public func committed(_ partition: TopicPartition) throws -> Int64? {
        group?.committed(partition)
    }

    public func seek(_ partition: TopicPartition, to offset: Int64) {
        lock.lock()
        defer { lock.unlock() }
        if positions[partition] != nil {
            positions[partition] = offset
        } else {
            pendingSeeks[partition] = offset  // applied if the partition gets assigned
        }
    }

    /// The next offset `poll` reads from `partition`, if it is assigned.
    public func position(_ partition: TopicPartition) -> Int64? {
        lock.lock()
        defer { lock.unlock() }
        return positions[partition]
    }

    /// The partitions currently assigned.
    public var assignedPartitions: [TopicPartition] {
        lock.lock()
        defer { lock.unlock() }
        return assignment.map(\.partition)
    }

    public func wakeup() {
        lock.lock()
        wakeRequested = true
        lock.unlock()
        log.notifier.bump()
    }

    public func close() {
        lock.lock()
        closed = true
        clearAssignment()
        lock.unlock()
        log.notifier.bump()
    }
}

import StreamrunEngine

/// A consumer of the driver's log. Subscribed, it is its instance's member of the group: each poll
/// first brings its assignment up to date with the coordinator (telling the listener of
/// revocations, then of assignments, on the polling thread as Kafka's clients do), then returns
/// what its partitions hold from their positions, without ever waiting.
// @unchecked Sendable: confined to the thread driving its TopologyTestDriver (which starts no threads); the group
// state, positions and listener are only touched by that thread's calls and polls.
final class DriverConsumer: LogConsumer, @unchecked Sendable {
    private let log: DriverLog
    let group: String?
    let member: String
    private var subscription: [String]?
    private var listener: (any RebalanceListener)?
    private var assigned: [TopicPartition] = []
    private var positions: [TopicPartition: Int64] = [:]
    private var pendingSeeks: [TopicPartition: Int64] = [:]
    private var paused: Set<TopicPartition> = []
    private var closed = false

    init(log: DriverLog, group: String?, member: String) {
        self.log = log
        self.group = group
        self.member = member
    }

    func subscribe(_ topics: [String], listener: any RebalanceListener) {
        subscription = Array(Set(topics)).sorted()
        self.listener = listener
        log.coordinator.join(self)
    }

    func assign(_ positions: [TopicPartition: Int64]) {
        subscription = nil
        listener = nil
        assigned = positions.keys.sorted()
        self.positions = positions
        paused = []
    }

    /// The partitions of the subscribed topics.
    private var subscribedPartitions: [TopicPartition] {
        (subscription ?? []).flatMap { topic in
            (0..<(log.topics[topic]?.spec.partitions ?? 0)).map { TopicPartition(topic, $0) }
        }
    }

    var needsRebalance: Bool {
        guard subscription != nil, !closed else { return false }
        return Set(assigned) != log.coordinator.assignment(of: member, among: subscribedPartitions)
    }

    private func rebalance() throws {
        for topic in subscription ?? [] where log.topics[topic] == nil {
            throw StreamrunError("test driver: cannot consume unknown topic '\(topic)'")
        }
        let target = log.coordinator.assignment(of: member, among: subscribedPartitions)
        let revoked = assigned.filter { !target.contains($0) }
        if !revoked.isEmpty {
            listener?.partitionsRevoked(revoked)
            assigned.removeAll(where: revoked.contains)
            for partition in revoked {
                positions[partition] = nil
                paused.remove(partition)
            }
            log.coordinator.released(revoked, by: member)
        }
        let added = target.subtracting(assigned).sorted()
        guard !added.isEmpty else { return }
        for partition in added {
            positions[partition] =
                try pendingSeeks.removeValue(forKey: partition)
                ?? group.flatMap { log.committed(group: $0, partition) } ?? log.partition(partition).startOffset
        }
        assigned = (assigned + added).sorted()
        log.coordinator.acquired(added, by: member)
        listener?.partitionsAssigned(added)
    }

    func poll(maxRecords: Int, timeoutMs: Int) throws -> [any RecordBatch] {
        guard !closed else { throw StreamrunError("test driver: poll on a closed consumer") }
        if subscription != nil { try rebalance() }
        var batches: [any RecordBatch] = []
        var budget = max(1, maxRecords)
        for partition in assigned where !paused.contains(partition) && budget > 0 {
            let logged = try log.partition(partition)
            let position = max(positions[partition] ?? 0, logged.startOffset)
            let records = logged.read(from: position, maxRecords: budget)
            guard let last = records.last else {
                // Nothing at or after the position: compaction may have emptied the tail.
                positions[partition] = max(position, logged.endOffset)
                continue
            }
            batches.append(DriverBatch(topicPartition: partition, records: records, nextOffset: last.offset + 1))
            positions[partition] = last.offset + 1
            budget -= records.count
        }
        return batches
    }

    func commit(_ offsets: [TopicPartition: Int64]) throws {
        guard let group else { throw StreamrunError("test driver: commit needs a consumer with a group") }
        if var crash = log.armedCrash, crash.member == member, !crash.fired, crash.step == .afterStateCommit {
            crash.fired = true
            log.armedCrash = crash
            throw SimulatedCrash(step: crash.step, member: member)
        }
        try log.commit(group: group, offsets)
    }

    var groupGeneration: Int64? { subscription == nil ? nil : log.coordinator.groupGeneration }

    func committed(_ partition: TopicPartition) throws -> Int64? {
        group.flatMap { log.committed(group: $0, partition) }
    }

    func position(_ partition: TopicPartition) -> Int64? { positions[partition] }

    func seek(_ partition: TopicPartition, to offset: Int64) {
        if assigned.contains(partition) { positions[partition] = offset } else { pendingSeeks[partition] = offset }
    }

    func pause(_ partitions: [TopicPartition]) { paused.formUnion(partitions) }
    func resume(_ partitions: [TopicPartition]) { paused.subtract(partitions) }
    func wakeup() {}

    func close() {
        guard !closed else { return }
        closed = true
        if subscription != nil { log.coordinator.leave(self) }
        assigned = []
        positions = [:]
    }
}

import TopologyDSL

/// Kafka Streams' repartition purge: once a commit holds a task's input offset of a repartition
/// topic, the records below it are never read again (the reading task restores from its
/// changelogs, not from its input), so every `interval` they are deleted from the log. Without
/// it a repartition topic grows with every record the topology ever re-keyed.
struct RepartitionPurge {
    let topics: Set<String>
    let intervalNanos: UInt64
    /// The newest committed offset of each repartition partition, and what was deleted below.
    private var committed: [TopicPartition: Int64] = [:]
    private var deleted: [TopicPartition: Int64] = [:]
    private var last: UInt64

    init(graph: TopologyGraph, intervalMs: Int, now: UInt64) {
        topics = Set(graph.repartitionTopics.map(\.name))
        intervalNanos = UInt64(max(0, intervalMs)) * 1_000_000
        last = now
    }

    /// Notes `offsets` as committed; returns the offsets to delete below once the interval has
    /// passed since the last purge (nil while it has not, or when nothing new is due).
    mutating func committed(_ offsets: [TopicPartition: Int64], now: UInt64) -> [TopicPartition: Int64]? {
        guard !topics.isEmpty else { return nil }
        for (partition, offset) in offsets where topics.contains(partition.topic) {
            committed[partition] = max(committed[partition] ?? 0, offset)
        }
        guard now &- last >= intervalNanos else { return nil }
        let due = committed.filter { $0.value > deleted[$0.key] ?? 0 }
        guard !due.isEmpty else { return nil }
        last = now
        return due
    }

    /// Notes that the records below `offsets` are gone; what a failed purge left stays due.
    mutating func deleted(_ offsets: [TopicPartition: Int64]) {
        deleted.merge(offsets) { max($0, $1) }
    }
}

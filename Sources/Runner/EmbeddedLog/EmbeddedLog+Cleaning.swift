import Foundation
public import StreamrunEngine

/// Log cleaning on demand; the background cleaner (`EmbeddedLogOptions.backgroundCleaning`) does
/// the same by itself.
extension EmbeddedLog {
    /// Kafka's DeleteRecords: for each partition, records below the given offset become
    /// unreadable (the log start offset moves up, durably) and the closed segments wholly below
    /// it are deleted. Kafka Streams calls it for repartition topics once their records are
    /// committed. Returns each partition's new log start offset (Kafka's low watermark); throws,
    /// changing nothing more, for an unknown partition or an offset past the end.
    @discardableResult
    public func deleteRecords(before offsets: [TopicPartition: Int64]) throws -> [TopicPartition: Int64] {
        try checkOpen()
        let logs = try offsets.keys.sorted().map { ($0, try topics.log($0)) }
        var starts: [TopicPartition: Int64] = [:]
        for (partition, log) in logs { starts[partition] = try log.deleteRecords(before: offsets[partition]!) }
        return starts
    }

    /// Compacts the closed segments of every partition of every compacted topic now, whatever
    /// their dirty ratio. With `rollingActiveSegments`, each non-empty active segment is closed
    /// first (a new empty one takes the appends), so every record is compacted (up to each
    /// partition's newest barrier record, with `compactionBarrierKeys`): what `streamrun log
    /// compact` does. Returns what happened to each partition.
    @discardableResult
    public func compactNow(rollingActiveSegments: Bool = false) throws -> [CompactionReport] {
        try checkOpen()
        let compacted = topics.all().filter { $0.metadata.compacted }.flatMap { $0.logs }
        if rollingActiveSegments {
            try writer.perform { for log in compacted { _ = try log.rollActiveSegment() } }
        }
        let now = options.clock()
        return try compacted.map { try cleaner.compact($0, now: now) }
    }

    /// Applies `retention.ms` and `retention.bytes` to every partition of every topic that is not
    /// compacted now. Returns how many segments each partition lost (partitions that lost none
    /// are left out).
    @discardableResult
    public func enforceRetentionNow() throws -> [TopicPartition: Int] {
        try checkOpen()
        let now = options.clock()
        var deleted: [TopicPartition: Int] = [:]
        for topic in topics.all() where !topic.metadata.compacted {
            for log in topic.logs {
                let count = try log.enforceRetention(
                    retentionMs: topic.metadata.effectiveRetentionMs,
                    retentionBytes: topic.metadata.effectiveRetentionBytes, now: now)
                if count > 0 { deleted[log.topicPartition] = count }
            }
        }
        return deleted
    }

    /// Bytes of `partition`'s segment files (durable data).
    public func sizeInBytes(of partition: TopicPartition) throws -> Int64 {
        try topics.log(partition).sizeInBytes
    }

    /// Whether another open log (in any process) holds the data directory's lock.
    public static func isInUse(directory: String) -> Bool { DirectoryLock.isHeld(directory: directory) }
}

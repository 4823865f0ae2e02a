import Foundation
import StreamrunEngine

extension PartitionLog {
    /// Kafka's DeleteRecords for this partition: moves the log start offset up to `offset`
    /// (persisted first), then deletes the closed segments wholly below it. Returns the new log
    /// start offset (Kafka's low watermark). An offset past the end is refused.
    func deleteRecords(before offset: Int64) throws -> Int64 {
        cleaningLock.lock()
        defer { cleaningLock.unlock() }
        lock.lock()
        let (start, end) = (logStart, self.end)
        lock.unlock()
        guard offset >= 0, offset <= end else {
            throw StreamrunError(
                "embedded log: \(topicPartition): cannot delete records before offset \(offset): "
                    + "it is outside [0, \(end)] (the end offset)")
        }
        guard offset > start else { return start }
        try writeLogStart(offset)
        lock.lock()
        logStart = max(logStart, offset)
        lock.unlock()
        _ = try deletePrefix { _, next in next <= offset }
        return startOffset
    }

    /// Kafka's time and size retention (`cleanup.policy=delete`): deletes the oldest closed segments
    /// while the oldest was last written more than `retentionMs` ago, then while the partition
    /// stays at least `retentionBytes` without it. -1 disables either. Returns how many went.
    func enforceRetention(retentionMs: Int64, retentionBytes: Int64, now: Int64) throws -> Int {
        cleaningLock.lock()
        defer { cleaningLock.unlock() }
        var deleted = 0
        if retentionMs >= 0 {
            deleted += try deletePrefix { segment, _ in now - (try segment.lastModified()) > retentionMs }
        }
        if retentionBytes >= 0 {
            var size = sizeInBytes
            deleted += try deletePrefix { segment, _ in
                guard size - segment.durableSize >= retentionBytes else { return false }
                size -= segment.durableSize
                return true
            }
        }
        return deleted
    }

    /// Deletes closed segments from the start while `deletable(segment, next segment's base)` holds
    /// (caller holds `cleaningLock`). Readers holding one keep reading it; new reads start after.
    /// Returns how many were deleted.
    func deletePrefix(while deletable: (LogSegment, Int64) throws -> Bool) throws -> Int {
        let closed = closedSegments()
        var doomed: [LogSegment] = []
        for (i, segment) in closed.enumerated() {
            let next = i + 1 < closed.count ? closed[i + 1].baseOffset : nextBase(after: segment)
            guard try deletable(segment, next) else { break }
            doomed.append(segment)
        }
        guard !doomed.isEmpty else { return 0 }
        let gone = Set(doomed.map(ObjectIdentifier.init))
        lock.lock()
        segments.removeAll { gone.contains(ObjectIdentifier($0)) }
        logStart = max(logStart, segments[0].baseOffset)
        lock.unlock()
        try SegmentSwap.delete(directory: directory, bases: doomed.map(\.baseOffset))
        return doomed.count
    }

    /// The base offset of the segment after `segment`.
    private func nextBase(after segment: LogSegment) -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        guard let i = segments.firstIndex(where: { $0 === segment }), i + 1 < segments.count else { return end }
        return segments[i + 1].baseOffset
    }
}

import Foundation
import StreamrunEngine

/// One partition on disk: its segments, its durable end offset and the lock readers share with
/// the writer. Appends come only from the `LogWriter` thread; compaction, retention and
/// `deleteRecords` replace or drop closed segments, one at a time (`cleaningLock`).
///
/// Offsets are never reused and never move, but a compacted or trimmed partition has gaps: a
/// read from an offset that no longer exists starts at the next one that does.
// @unchecked Sendable: segments, offsets and counters are guarded by `lock`, `firstDirtyOffset` by `cleaningLock`;
// `broken` is used only on the writer thread; the rest is `let`.
final class PartitionLog: @unchecked Sendable {
    let topicPartition: TopicPartition
    let directory: String
    let options: EmbeddedLogOptions
    let lock = NSLock()
    /// Serializes the operations that replace or delete segments (cleaner, `deleteRecords`, CLI).
    let cleaningLock = NSLock()

    // Guarded by `lock`.
    var segments: [LogSegment] = []
    /// The offset after the last durable record (the high watermark).
    var end: Int64 = 0
    /// Kafka's log start offset: the first offset a reader may get (`deleteRecords` moves it up;
    /// deleting the first segments does too).
    var logStart: Int64 = 0
    /// Durable bytes and records since open, to size reads.
    var bytesSeen: Int64 = 0
    var recordsSeen: Int64 = 0
    /// The offset of the newest durable record whose key is a compaction barrier
    /// (`EmbeddedLogOptions.compactionBarrierKeys`), -1 when there is none: found on open, then
    /// moved up as appends are published.
    var newestBarrier: Int64 = -1

    /// Guarded by `cleaningLock`: the offset from which closed segments were written after the
    /// last compaction (Kafka's cleaner checkpoint; everything is dirty after open).
    var firstDirtyOffset: Int64 = 0

    /// Writer thread only: set when a failed write could not be undone.
    var broken: StreamrunError?

    static let logStartFileName = "log-start-offset"

    /// Opens (creating when needed) the partition directory and recovers its segments.
    init(topicPartition: TopicPartition, directory: String, options: EmbeddedLogOptions) throws {
        self.topicPartition = topicPartition
        self.directory = directory
        self.options = options
        try LogFileIO.makeDirectory(directory)
        try recover()
    }

    var endOffset: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return end
    }

    var startOffset: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return logStart
    }

    private func recover() throws {
        try SegmentSwap.recover(
            directory: directory, log: { self.options.log("embedded log: \(self.topicPartition): \($0)") })
        let bases = try LogFileIO.list(directory).compactMap(LogSegment.baseOffset(fileName:)).sorted()
        let now = options.clock()
        if bases.isEmpty {
            segments = [try LogSegment(directory: directory, baseOffset: 0, create: true, now: now)]
            try LogFileIO.syncDirectory(directory)
            logStart = try readLogStart() ?? 0
            end = logStart
            return
        }
        var expected = bases[0]
        for (i, base) in bases.enumerated() {
            let isLast = i == bases.count - 1
            let segment = try LogSegment(directory: directory, baseOffset: base, create: false, now: now)
            guard base >= expected else {
                throw StreamrunError(
                    "embedded log: \(topicPartition): segment \(segment.path) starts at offset "
                        + "\(base) but the previous segment holds offsets up to \(expected - 1)")
            }
            let scan = try SegmentRecovery.scan(
                segment, indexInterval: Int64(options.indexIntervalBytes),
                isBarrier: options.isCompactionBarrier)
            if let problem = scan.problem {
                guard isLast else {
                    throw StreamrunError(
                        "embedded log: \(topicPartition): corrupt segment \(segment.path) at byte "
                            + "\(scan.validSize) (\(problem)); only the last segment may have a torn tail")
                }
                try LogFileIO.truncate(segment.fd, to: scan.validSize, path: segment.path)
                options.log(
                    "embedded log: \(topicPartition): truncated the torn tail of \(segment.path) at byte "
                        + "\(scan.validSize) (\(scan.fileSize - scan.validSize) bytes dropped: \(problem)); "
                        + "\(scan.records) records before it are intact")
            }
            for entry in scan.index { segment.addIndexEntry(offset: entry.offset, position: entry.position) }
            segment.lastIndexedPosition = scan.index.last?.position ?? -1
            segment.durableSize = scan.validSize
            segment.writtenSize = scan.validSize
            bytesSeen += scan.validSize
            if let barrier = scan.newestBarrier { newestBarrier = barrier }
            recordsSeen += scan.records
            expected = scan.nextOffset  // a compacted segment may end before the next base: a gap
            segments.append(segment)
        }
        // What a crashed process wrote but never synced may still sit in the page cache.
        try segments[segments.count - 1].sync()
        end = max(expected, segments[segments.count - 1].baseOffset)
        logStart = min(max(try readLogStart() ?? 0, segments[0].baseOffset), end)
        firstDirtyOffset = logStart
    }

    /// The persisted log start offset, if `deleteRecords` ever moved it.
    private func readLogStart() throws -> Int64? {
        let path = directory + "/" + PartitionLog.logStartFileName
        guard let bytes = try LogFileIO.read(path) else { return nil }
        guard let value = Int64(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
            value >= 0
        else {
            throw StreamrunError("embedded log: \(topicPartition): unreadable log start offset in \(path)")
        }
        return value
    }

    /// Persists the log start offset (temp file, fsync, rename) before it takes effect.
    func writeLogStart(_ offset: Int64) throws {
        try LogFileIO.writeAtomically(directory + "/" + PartitionLog.logStartFileName, Array("\(offset)\n".utf8))
    }

    /// The index in `segments` of the segment holding `offset` (caller holds `lock`).
    func segmentIndex(for offset: Int64) -> Int {
        var low = 0
        var high = segments.count  // first segment with base > offset
        while low < high {
            let mid = (low + high) / 2
            if segments[mid].baseOffset <= offset { low = mid + 1 } else { high = mid }
        }
        return max(low - 1, 0)
    }

    /// The segments no append can touch any more: every one whose successor starts at or below the
    /// published end (a segment rolled in a cycle that is not yet durable does not count).
    func closedSegments() -> [LogSegment] {
        lock.lock()
        defer { lock.unlock() }
        var closed: [LogSegment] = []
        for i in 0..<(segments.count - 1) where segments[i + 1].baseOffset <= end { closed.append(segments[i]) }
        return closed
    }

    /// Bytes of the partition's segments (durable data).
    var sizeInBytes: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return segments.reduce(0) { $0 + $1.durableSize }
    }
}

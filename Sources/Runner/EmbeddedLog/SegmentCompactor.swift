import Foundation
import StreamrunEngine

/// Kafka's log compaction for one partition of a compacted topic: rewrites its CLOSED segments
/// keeping, for each key, only the record with the highest offset among them (the active segment
/// is never touched, and a key whose newest record sits there keeps its newest closed one too).
///
/// - Offsets never change: frames are copied byte for byte (offset, timestamp, key, value, every
///   header, checksum), so a compacted segment simply has gaps.
/// - A tombstone (null value) survives until its segment was last written more than
///   `deleteRetentionMs` ago; then it goes (its older values went before it, in an earlier group
///   or the same one, so a crash never brings a deleted key back).
/// - Records with a null key are dropped, as Kafka's cleaner does (Kafka refuses them on append to
///   a compacted topic; the embedded log accepts them, so they live until the first compaction).
/// - With `compactionBarrierKeys` (Kafka's last stable offset), only records up to the partition's
///   newest barrier record are compacted: those after it are kept byte for byte (null keys and
///   tombstones included) and do not count as newer versions of their keys. Barrier records are
///   otherwise records like any other: the newest of each barrier key survives.
/// - Consecutive segments are merged while the result stays under `segmentBytes` (Kafka's
///   grouping), so many compacted segments do not stay many small files.
///
/// Each group is written to a temp file, synced, then swapped in (`SegmentSwap`); readers that
/// hold an old segment keep reading it. Caller holds the partition's `cleaningLock`.
struct SegmentCompactor {
    let log: PartitionLog
    let options: EmbeddedLogOptions
    let now: Int64
    /// Checked between groups: a closing log stops compacting (what is done stays done).
    var shouldStop: () -> Bool = { false }

    func compact() throws -> CompactionReport {
        let closed = log.closedSegments()
        var report = CompactionReport(topicPartition: log.topicPartition)
        guard !closed.isEmpty else { return report }
        let (sizes, barrier) = durableSizesAndBarrier(closed)
        report.segmentsBefore = closed.count
        report.bytesBefore = sizes.reduce(0, +)
        let cleanedUpTo = nextBase(after: closed[closed.count - 1])

        // Pass 1: the highest offset of every key, up to the barrier.
        var latest: [[UInt8]: Int64] = [:]
        var records = [Int64](repeating: 0, count: closed.count)
        for (i, segment) in closed.enumerated() {
            try SegmentFrameScanner.forEachFrame(segment, size: sizes[i]) { frame, _ in
                records[i] += 1
                let offset = RecordFrame.offset(at: frame)
                if offset <= barrier, let key = RecordFrame.view(frame).key { latest[Array(key)] = offset }
            }
        }
        report.recordsBefore = records.reduce(0, +)

        // Pass 2: rewrite group after group, oldest first.
        var i = 0
        while i < closed.count {
            if shouldStop() {
                report.recordsAfter += records[i...].reduce(0, +)
                report.bytesAfter += sizes[i...].reduce(0, +)
                report.segmentsAfter += closed.count - i
                break
            }
            let group = try rewriteGroup(closed, sizes, from: i, upto: cleanedUpTo, latest: latest, barrier: barrier)
            report.recordsAfter += group.kept
            report.bytesAfter += group.bytes
            report.segmentsAfter += group.bytes > 0 ? 1 : 0
            report.tombstonesDropped += group.tombstonesDropped
            i = group.next
        }
        // What lies past the barrier stays dirty: it is compacted once a newer barrier follows it.
        if i >= closed.count {
            log.firstDirtyOffset = max(
                log.firstDirtyOffset, barrier == .max ? cleanedUpTo : min(cleanedUpTo, barrier + 1))
        }
        return report
    }

    private struct GroupOutcome {
        var next: Int
        var kept: Int64 = 0
        var bytes: Int64 = 0
        var tombstonesDropped: Int64 = 0
    }

    /// Compacts `closed[from...]` into one segment, taking segments while the output and the next
    /// input together fit in `segmentBytes`; swaps it in (or deletes the group when nothing is left,
    /// or leaves a lone segment alone when nothing would change). Records past `barrier` are kept.
    private func rewriteGroup(
        _ closed: [LogSegment], _ sizes: [Int64], from: Int, upto cleanedUpTo: Int64,
        latest: [[UInt8]: Int64], barrier: Int64
    ) throws -> GroupOutcome {
        let base = closed[from].baseOffset
        let directory = log.directory
        let tempPath = directory + "/" + LogSegment.fileName(baseOffset: base) + SegmentSwap.cleanedSuffix
        let fd = try LogFileIO.open(tempPath, O_RDWR | O_CREAT | O_TRUNC)
        var closedFd = false
        defer { if !closedFd { close(fd) } }
        let output = FrameBuffer(capacity: 1 << 20)
        var outcome = GroupOutcome(next: from)
        var written: Int64 = 0  // bytes already written to the file
        var removed = 0
        var index: [(offset: Int64, position: Int64)] = []
        var lastIndexed: Int64 = -1
        var lastModified: Int64 = 0
        let interval = Int64(options.indexIntervalBytes)
        let horizon = now - options.deleteRetentionMs
        do {
            var j = from
            while j < closed.count {
                if j > from && outcome.bytes + sizes[j] > Int64(options.segmentBytes) { break }
                let modified = try closed[j].lastModified()
                lastModified = max(lastModified, modified)
                let tombstonesExpired = modified < horizon
                try SegmentFrameScanner.forEachFrame(closed[j], size: sizes[j]) { frame, length in
                    let view = RecordFrame.view(frame)
                    let stable = view.offset <= barrier
                    if stable {
                        guard let key = view.key, latest[Array(key)] == view.offset else {
                            removed += 1
                            return
                        }
                    }
                    if stable && view.value == nil && tombstonesExpired {
                        removed += 1
                        outcome.tombstonesDropped += 1
                        return
                    }
                    let position = outcome.bytes
                    if lastIndexed < 0 || position - lastIndexed >= interval {
                        index.append((view.offset, position))
                        lastIndexed = position
                    }
                    output.reserve(length).copyMemory(from: frame, byteCount: length)
                    output.count += length
                    outcome.bytes += Int64(length)
                    outcome.kept += 1
                    if output.count >= 1 << 20 {
                        try LogFileIO.pwriteAll(fd, output.bytes, output.count, at: written, path: tempPath)
                        written += Int64(output.count)
                        output.reset()
                    }
                }
                j += 1
            }
            outcome.next = j
            if output.count > 0 {
                try LogFileIO.pwriteAll(fd, output.bytes, output.count, at: written, path: tempPath)
            }
            let group = Array(closed[from..<j])
            if removed == 0 && group.count == 1 {  // already compact: nothing to swap
                close(fd)
                closedFd = true
                try LogFileIO.remove(tempPath)
                return outcome
            }
            if outcome.kept == 0 {
                close(fd)
                closedFd = true
                try LogFileIO.remove(tempPath)
                try log.replace(group, with: nil)
                try SegmentSwap.delete(directory: directory, bases: group.map(\.baseOffset))
                return outcome
            }
            try LogFileIO.syncData(fd, path: tempPath)
            try LogFileIO.setModificationTime(fd, lastModified, path: tempPath)
            close(fd)
            closedFd = true
            let upto = j < closed.count ? closed[j].baseOffset : cleanedUpTo
            try SegmentSwap.commit(
                directory: directory, cleanedPath: tempPath, base: base, upto: upto,
                replaced: group.map(\.baseOffset))
            let compacted = try LogSegment(directory: directory, baseOffset: base, create: false, now: now)
            for entry in index { compacted.addIndexEntry(offset: entry.offset, position: entry.position) }
            compacted.lastIndexedPosition = index.last?.position ?? -1
            compacted.durableSize = outcome.bytes
            compacted.writtenSize = outcome.bytes
            try log.replace(group, with: compacted)
            return outcome
        } catch {
            if !closedFd {
                close(fd)
                closedFd = true
            }
            try? LogFileIO.remove(tempPath)
            throw error
        }
    }

    /// The durable sizes of `segments`, and the offset up to which records may be compacted: the
    /// partition's newest barrier record (durable, like everything published), or `Int64.max` when
    /// no barrier applies (no barrier keys, or none of their records in the partition).
    private func durableSizesAndBarrier(_ segments: [LogSegment]) -> (sizes: [Int64], barrier: Int64) {
        log.lock.lock()
        defer { log.lock.unlock() }
        let barrier = options.compactionBarrierKeys.isEmpty || log.newestBarrier < 0 ? Int64.max : log.newestBarrier
        return (segments.map(\.durableSize), barrier)
    }

    private func nextBase(after segment: LogSegment) -> Int64 {
        let all = log.segmentsSnapshot()
        guard let i = all.firstIndex(where: { $0 === segment }), i + 1 < all.count else { return log.endOffset }
        return all[i + 1].baseOffset
    }
}

extension PartitionLog {
    /// The current segments, oldest first.
    func segmentsSnapshot() -> [LogSegment] {
        lock.lock()
        defer { lock.unlock() }
        return segments
    }

    /// Puts `replacement` (or nothing) where the consecutive closed segments `group` are, for new
    /// reads (caller holds `cleaningLock`; readers holding the old ones keep them).
    func replace(_ group: [LogSegment], with replacement: LogSegment?) throws {
        lock.lock()
        defer { lock.unlock() }
        guard let first = segments.firstIndex(where: { $0 === group[0] }), first + group.count < segments.count,
            zip(segments[first..<(first + group.count)], group).allSatisfy({ $0 === $1 })
        else {
            throw StreamrunError("embedded log: \(topicPartition): the segments being compacted changed underneath")
        }
        segments.replaceSubrange(first..<(first + group.count), with: replacement.map { [$0] } ?? [])
        logStart = max(logStart, segments[0].baseOffset)
    }
}

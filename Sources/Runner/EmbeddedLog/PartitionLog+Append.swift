import Foundation
import StreamrunEngine

/// What one writer cycle wrote to a partition, not yet durable nor visible.
struct PendingAppend {
    var touched: [LogSegment] = []
    var created: [LogSegment] = []
    var index: [(segment: LogSegment, offset: Int64, position: Int64)] = []
    var newEnd: Int64
    var bytes: Int64 = 0
    var records: Int64 = 0
    /// The offset of the newest compaction barrier among the records.
    var newestBarrier: Int64?
}

extension PartitionLog {
    /// Writes `count` bytes of consecutive frames starting at offset `firstOffset`: one write per
    /// segment touched, rolling segments on the way. Writer thread only; nothing is published.
    func append(_ bytes: UnsafeRawPointer, count: Int, firstOffset: Int64) throws -> PendingAppend {
        if let broken { throw broken }
        var pending = PendingAppend(newEnd: firstOffset)
        lock.lock()
        var segment = segments[segments.count - 1]
        lock.unlock()
        let limit = Int64(options.segmentBytes)
        let interval = Int64(options.indexIntervalBytes)
        let now = options.clock()
        let tracksBarriers = !options.compactionBarrierKeys.isEmpty
        var done = 0
        do {
            while done < count {
                let firstLength = RecordFrame.frameLength(at: bytes + done)
                if segment.writtenSize > 0
                    && (segment.writtenSize + Int64(firstLength) > limit
                        || now - segment.openedAt >= options.segmentMs)
                {
                    segment = try roll(from: segment, baseOffset: pending.newEnd, pending: &pending)
                }
                var take = 0
                var position = segment.writtenSize
                while done + take < count {
                    let length = RecordFrame.frameLength(at: bytes + done + take)
                    if take > 0 && position + Int64(length) > limit { break }
                    if segment.wantsIndexEntry(at: position, interval: interval) {
                        pending.index.append((segment, pending.newEnd, position))
                        segment.lastIndexedPosition = position
                    }
                    if tracksBarriers && options.isCompactionBarrier(RecordFrame.view(bytes + done + take).key) {
                        pending.newestBarrier = pending.newEnd
                    }
                    take += length
                    position += Int64(length)
                    pending.newEnd += 1
                    pending.records += 1
                }
                if pending.touched.last !== segment { pending.touched.append(segment) }
                try LogFileIO.pwriteAll(segment.fd, bytes + done, take, at: segment.writtenSize, path: segment.path)
                segment.writtenSize = position
                done += take
            }
        } catch {
            undo(pending)
            throw error
        }
        pending.bytes = Int64(count)
        return pending
    }

    /// Starts a new segment at `baseOffset` after syncing the full one.
    private func roll(from full: LogSegment, baseOffset: Int64, pending: inout PendingAppend) throws -> LogSegment {
        try full.sync()
        let segment = try LogSegment(directory: directory, baseOffset: baseOffset, create: true, now: options.clock())
        try LogFileIO.syncDirectory(directory)
        pending.created.append(segment)
        lock.lock()
        segments.append(segment)
        lock.unlock()
        return segment
    }

    /// Closes the active segment when it holds records, so that compaction can reach them: a new
    /// empty segment starts at the end offset. Writer thread only, between cycles (nothing pending).
    /// True when it rolled.
    func rollActiveSegment() throws -> Bool {
        lock.lock()
        let active = segments[segments.count - 1]
        let base = end
        lock.unlock()
        guard active.writtenSize > 0 else { return false }
        try active.sync()
        let segment = try LogSegment(directory: directory, baseOffset: base, create: true, now: options.clock())
        try LogFileIO.syncDirectory(directory)
        lock.lock()
        segments.append(segment)
        lock.unlock()
        return true
    }

    /// Makes a synced append visible to readers.
    func publish(_ pending: PendingAppend) {
        lock.lock()
        for segment in pending.touched { segment.durableSize = segment.writtenSize }
        for entry in pending.index { entry.segment.addIndexEntry(offset: entry.offset, position: entry.position) }
        end = pending.newEnd
        if let barrier = pending.newestBarrier { newestBarrier = max(newestBarrier, barrier) }
        bytesSeen += pending.bytes
        recordsSeen += pending.records
        lock.unlock()
    }

    /// Undoes a failed append; when even that fails, the partition refuses further appends.
    func undo(_ pending: PendingAppend) {
        do { try rollback(pending) } catch {
            broken = StreamrunError(
                "embedded log: \(topicPartition) refuses appends: a failed write "
                    + "could not be undone (\(error)); reopen the log to recover")
            options.log(broken!.description)
        }
    }

    /// Truncates back to the durable sizes and removes the segments the append created.
    private func rollback(_ pending: PendingAppend) throws {
        lock.lock()
        let created = Set(pending.created.map(ObjectIdentifier.init))
        segments.removeAll { created.contains(ObjectIdentifier($0)) }
        lock.unlock()
        for segment in pending.created { unlink(segment.path) }
        if !pending.created.isEmpty { try LogFileIO.syncDirectory(directory) }
        for segment in pending.touched where !created.contains(ObjectIdentifier(segment)) {
            try LogFileIO.truncate(segment.fd, to: segment.durableSize, path: segment.path)
            try segment.sync()
            segment.writtenSize = segment.durableSize
            lock.lock()
            segment.dropIndex(from: segment.durableSize)
            lock.unlock()
        }
    }
}

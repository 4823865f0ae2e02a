import Foundation
import StreamrunEngine

/// Where a consumer's next read of a partition starts, so sequential reads skip the index.
struct ReadHint: Sendable {
    var offset: Int64
    /// The `LogSegment.identity` the position belongs to (a compacted replacement has another).
    var segment: UInt64
    var position: Int64
}

extension PartitionLog {
    static let maxReadBytes = 16 << 20

    /// Up to `maxRecords` durable records from `offset` (or from the next offset that exists: below
    /// the log start, or in a gap left by compaction), read with pread into one buffer; nil when
    /// none is available. A batch never spans two segments. When the rest of the log up to its
    /// end holds no record, the batch is empty and its `nextOffset` moves the reader past the gap.
    func read(from offset: Int64, maxRecords: Int, hint: ReadHint?) throws -> (EmbeddedLogBatch, ReadHint)? {
        guard maxRecords > 0 else { return nil }
        var from = offset
        while true {
            lock.lock()
            from = max(from, logStart)
            guard from < end else {
                let end = self.end
                lock.unlock()
                guard from > offset else { return nil }
                return (EmbeddedLogBatch.empty(topicPartition, at: end), ReadHint(offset: end, segment: 0, position: 0))
            }
            let index = segmentIndex(for: from)
            let segment = segments[index]
            from = max(from, segment.baseOffset)
            let limit = index + 1 < segments.count ? segments[index + 1].baseOffset : end  // offsets it may hold
            let durableSize = segment.durableSize
            var start = segment.lookup(from)
            if let hint, hint.offset == from, hint.segment == segment.identity { start = (hint.offset, hint.position) }
            let averageFrame = recordsSeen > 0 ? max(bytesSeen / recordsSeen, 16) : 256
            lock.unlock()

            if let found = try read(
                segment, from: from, start: start, durableSize: durableSize,
                maxRecords: maxRecords, averageFrame: averageFrame)
            {
                return found
            }
            from = max(limit, from + 1)  // nothing at or after `from` in this segment: on to the next
        }
    }

    /// The records of `segment` from `offset` on, scanning from the indexed frame `start`.
    private func read(
        _ segment: LogSegment, from offset: Int64, start: (offset: Int64, position: Int64),
        durableSize: Int64, maxRecords: Int, averageFrame: Int64
    ) throws -> (EmbeddedLogBatch, ReadHint)? {
        let wanted = Int64(min(maxRecords, 1 << 24)) + min(offset - start.offset, 1 << 24)
        let estimate = wanted * averageFrame * 5 / 4 + 4096
        var capacity = Int(min(min(estimate, Int64(PartitionLog.maxReadBytes)), durableSize - start.position))
        guard capacity > 0 else { return nil }
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        var bufferStart = start.position  // file position of buffer[0]
        var filled = 0
        var cursor = 0
        var first = -1
        var count = 0
        var lastOffset: Int64 = -1
        do {
            filled = try LogFileIO.preadFully(segment.fd, buffer, capacity, at: bufferStart, path: segment.path)
            while count < maxRecords {
                let available = filled - cursor
                var needed = 0
                if available >= RecordFrame.prefixSize {
                    let length = RecordFrame.frameLength(at: buffer + cursor)
                    guard length >= RecordFrame.minimumSize else {
                        throw StreamrunError(
                            "embedded log: \(topicPartition): corrupt frame at byte "
                                + "\(bufferStart + Int64(cursor)) of \(segment.path)")
                    }
                    if length <= available {
                        let frameOffset = RecordFrame.offset(at: buffer + cursor)
                        if frameOffset >= offset {
                            if count == 0 { first = cursor }
                            count += 1
                            lastOffset = frameOffset
                        }
                        cursor += length
                        continue
                    }
                    needed = length
                }
                // The next frame is not (wholly) in the buffer.
                let position = bufferStart + Int64(cursor)
                if position >= durableSize || count > 0 { break }
                // Still skipping towards `offset`, or its frame is larger than the buffer: read on.
                let size = Int(min(Int64(max(needed, capacity)), durableSize - position))
                if size > capacity {
                    buffer.deallocate()
                    buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
                    capacity = size
                }
                bufferStart = position
                cursor = 0
                filled = try LogFileIO.preadFully(segment.fd, buffer, size, at: position, path: segment.path)
                if filled < size {
                    throw StreamrunError(
                        "embedded log: \(topicPartition): \(segment.path) is shorter than its durable size")
                }
            }
        } catch {
            buffer.deallocate()
            throw error
        }
        guard count > 0 else {
            buffer.deallocate()
            return nil
        }
        let batch = EmbeddedLogBatch(
            topicPartition: topicPartition, storage: buffer, start: first, end: cursor,
            count: count, firstOffset: RecordFrame.offset(at: buffer + first),
            nextOffset: lastOffset + 1)
        return (
            batch, ReadHint(offset: lastOffset + 1, segment: segment.identity, position: bufferStart + Int64(cursor))
        )
    }
}

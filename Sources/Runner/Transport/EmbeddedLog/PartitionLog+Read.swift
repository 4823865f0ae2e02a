/// Where a consumer's next read of a partition starts, so sequential reads skip the index.
struct ReadHint: Sendable {
    var offset: Int64
    var segmentBase: Int64
    var position: Int64
}

extension PartitionLog {
    static let maxReadBytes = 16 << 20

    /// Up to `maxRecords` durable records from `offset`, read with pread into one buffer; nil when
    /// none is available. A batch never spans two segments.
    func read(from offset: Int64, maxRecords: Int, hint: ReadHint?) throws -> (EmbeddedLogBatch, ReadHint)? {
        lock.lock()
        guard offset < end, maxRecords > 0 else {
            lock.unlock()
            return nil
        }
        let segment = segments[segmentIndex(for: offset)]
        let durableSize = segment.durableSize
        var start = segment.lookup(offset)
        if let hint, hint.offset == offset, hint.segmentBase == segment.baseOffset { start = (hint.offset, hint.position) }
        let averageFrame = recordsSeen > 0 ? max(bytesSeen / recordsSeen, 16) : 256
        lock.unlock()
        guard offset >= segment.baseOffset else {
            throw TransportError("embedded log: \(topicPartition): offset \(offset) is before the log start")
        }

        let wanted = Int64(min(maxRecords, 1 << 24)) + min(offset - start.offset, 1 << 24)
        let estimate = wanted * averageFrame * 5 / 4 + 4096
        var capacity = Int(min(min(estimate, Int64(PartitionLog.maxReadBytes)), durableSize - start.position))
        guard capacity > 0 else { return nil }
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        var bufferStart = start.position  // file position of buffer[0]
        var filled = 0
        var cursor = 0
        var current = start.offset
        var first = -1
        var count = 0
        do {
            filled = try LogFileIO.preadFully(segment.fd, buffer, capacity, at: bufferStart, path: segment.path)
            while count < maxRecords {
                let available = filled - cursor
                var needed = 0
                if available >= RecordFrame.prefixSize {
                    let length = RecordFrame.frameLength(at: buffer + cursor)
                    guard length >= RecordFrame.minimumSize else {
                        throw TransportError("embedded log: \(topicPartition): corrupt frame at byte "
                                             + "\(bufferStart + Int64(cursor)) of \(segment.path)")
                    }
                    if length <= available {
                        if current >= offset {
                            if count == 0 { first = cursor }
                            count += 1
                        }
                        cursor += length
                        current += 1
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
                    throw TransportError("embedded log: \(topicPartition): \(segment.path) is shorter than its durable size")
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
        let batch = EmbeddedLogBatch(topicPartition: topicPartition, storage: buffer, start: first, end: cursor,
                                     count: count, firstOffset: offset, nextOffset: current)
        return (batch, ReadHint(offset: current, segmentBase: segment.baseOffset, position: bufferStart + Int64(cursor)))
    }
}

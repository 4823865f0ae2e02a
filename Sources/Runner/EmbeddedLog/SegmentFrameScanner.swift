import StreamrunEngine

/// Reads the frames of a closed segment in order, 1 MiB at a time, checking each one (checksum,
/// structure, ascending offsets): what compaction copies must be what was written.
enum SegmentFrameScanner {
    static let chunkSize = 1 << 20

    /// Calls `body` with each frame (pointer into a reused buffer, valid during the call) and its length.
    static func forEachFrame(
        _ segment: LogSegment, size: Int64,
        _ body: (_ frame: UnsafeRawPointer, _ length: Int) throws -> Void
    ) throws {
        var capacity = chunkSize
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var position: Int64 = 0  // file position of buffer[cursor]
        var filled = 0
        var cursor = 0
        var minimum = segment.baseOffset
        while position < size {
            let available = filled - cursor
            switch RecordFrame.check(buffer + cursor, available: available, minimumOffset: minimum) {
            case .valid(let length):
                try body(buffer + cursor, length)
                minimum = RecordFrame.offset(at: buffer + cursor) + 1
                cursor += length
                position += Int64(length)
            case .incomplete:
                var needed = chunkSize
                if available >= RecordFrame.prefixSize {
                    needed = max(needed, RecordFrame.frameLength(at: buffer + cursor))
                }
                let remaining = size - position
                guard Int64(available) < remaining else {
                    throw StreamrunError("embedded log: \(segment.path): incomplete frame at byte \(position)")
                }
                if needed > capacity {
                    buffer.deallocate()
                    capacity = needed
                    buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
                }
                let toRead = Int(min(Int64(capacity), remaining))
                filled = try LogFileIO.preadFully(segment.fd, buffer, toRead, at: position, path: segment.path)
                cursor = 0
                if filled < toRead { throw StreamrunError("embedded log: \(segment.path) shrank while being read") }
            case .corrupt(let reason):
                throw StreamrunError("embedded log: \(segment.path): corrupt frame at byte \(position) (\(reason))")
            }
        }
    }
}

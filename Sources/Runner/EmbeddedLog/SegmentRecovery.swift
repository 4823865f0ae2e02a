import StreamrunEngine

/// Scans a segment on open: validates every frame and finds where the valid data ends.
struct SegmentRecovery {
    /// The offset after the last valid record (the base offset when there is none); a compacted
    /// segment has gaps, so this may be below the next segment's base offset.
    var nextOffset: Int64
    /// Bytes of valid frames from the start of the file.
    var validSize: Int64
    var records: Int64 = 0
    var fileSize: Int64
    /// Why the data after `validSize` was rejected, when it was.
    var problem: String?
    /// Index entries for the valid frames.
    var index: [(offset: Int64, position: Int64)] = []
    /// The offset of the last valid record whose key is a compaction barrier, if any.
    var newestBarrier: Int64?

    static let chunkSize = 1 << 20

    /// Reads `segment` from the start and validates each frame, noting the newest record whose
    /// key `isBarrier` accepts.
    static func scan(
        _ segment: LogSegment, indexInterval: Int64,
        isBarrier: (UnsafeRawBufferPointer?) -> Bool = { _ in false }
    ) throws -> SegmentRecovery {
        let fileSize = try LogFileIO.fileSize(segment.fd, path: segment.path)
        var result = SegmentRecovery(nextOffset: segment.baseOffset, validSize: 0, fileSize: fileSize)
        var capacity = chunkSize
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var bufferStart: Int64 = 0  // file position of buffer[0]
        var filled = 0
        var cursor = 0
        var lastIndexed: Int64 = -1
        while true {
            let available = filled - cursor
            switch RecordFrame.check(buffer + cursor, available: available, minimumOffset: result.nextOffset) {
            case .valid(let length):
                let position = bufferStart + Int64(cursor)
                let offset = RecordFrame.offset(at: buffer + cursor)
                if lastIndexed < 0 || position - lastIndexed >= indexInterval {
                    result.index.append((offset, position))
                    lastIndexed = position
                }
                if isBarrier(RecordFrame.view(buffer + cursor).key) { result.newestBarrier = offset }
                cursor += length
                result.nextOffset = offset + 1
                result.records += 1
                result.validSize = position + Int64(length)
            case .incomplete:
                let position = bufferStart + Int64(cursor)
                let remainingInFile = fileSize - position
                if Int64(available) >= remainingInFile {
                    if remainingInFile > 0 {
                        result.problem = "incomplete frame (\(remainingInFile) bytes at the end of the file)"
                    }
                    return result
                }
                var needed = chunkSize
                if available >= RecordFrame.prefixSize {
                    let length = RecordFrame.frameLength(at: buffer + cursor)
                    if Int64(length) > remainingInFile {
                        result.problem = "incomplete frame (\(remainingInFile) of \(length) bytes)"
                        return result
                    }
                    needed = max(needed, length)
                }
                if needed > capacity {
                    buffer.deallocate()
                    capacity = needed
                    buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
                }
                bufferStart = position
                cursor = 0
                let toRead = Int(min(Int64(capacity), remainingInFile))
                filled = try LogFileIO.preadFully(segment.fd, buffer, toRead, at: position, path: segment.path)
                if filled < toRead {
                    result.problem = "file shrank while scanning"
                    return result
                }
            case .corrupt(let reason):
                result.problem = reason
                return result
            }
        }
    }
}

import Foundation

/// One partition on disk: its segments, its durable end offset and the lock readers share with
/// the writer. Appends come only from the `LogWriter` thread.
final class PartitionLog: @unchecked Sendable {
    let topicPartition: TopicPartition
    let directory: String
    let options: EmbeddedLogOptions
    let lock = NSLock()

    // Guarded by `lock`.
    var segments: [LogSegment] = []
    /// The offset after the last durable record (the high watermark).
    var end: Int64 = 0
    /// Durable bytes and records since open, to size reads.
    var bytesSeen: Int64 = 0
    var recordsSeen: Int64 = 0

    /// Writer thread only: set when a failed write could not be undone.
    var broken: TransportError?

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

    private func recover() throws {
        let bases = try LogFileIO.list(directory).compactMap(LogSegment.baseOffset(fileName:)).sorted()
        if bases.isEmpty {
            segments = [try LogSegment(directory: directory, baseOffset: 0, create: true)]
            try LogFileIO.syncDirectory(directory)
            return
        }
        var expected = bases[0]
        for (i, base) in bases.enumerated() {
            let isLast = i == bases.count - 1
            let segment = try LogSegment(directory: directory, baseOffset: base, create: false)
            guard base == expected else {
                throw TransportError("embedded log: \(topicPartition): segment \(segment.path) starts at offset "
                                     + "\(base) but the previous segment ends at \(expected)")
            }
            let scan = try SegmentRecovery.scan(segment, indexInterval: Int64(options.indexIntervalBytes))
            if let problem = scan.problem {
                guard isLast else {
                    throw TransportError("embedded log: \(topicPartition): corrupt segment \(segment.path) at byte "
                                         + "\(scan.validSize) (\(problem)); only the last segment may have a torn tail")
                }
                try LogFileIO.truncate(segment.fd, to: scan.validSize, path: segment.path)
                options.log("embedded log: \(topicPartition): truncated the torn tail of \(segment.path) at byte "
                            + "\(scan.validSize) (\(scan.fileSize - scan.validSize) bytes dropped: \(problem)); "
                            + "\(scan.records) records before it are intact")
            }
            for entry in scan.index { segment.addIndexEntry(offset: entry.offset, position: entry.position) }
            segment.lastIndexedPosition = scan.index.last?.position ?? -1
            segment.durableSize = scan.validSize
            segment.writtenSize = scan.validSize
            bytesSeen += scan.validSize
            recordsSeen += scan.records
            expected = scan.nextOffset
            segments.append(segment)
        }
        // What a crashed process wrote but never synced may still sit in the page cache.
        try segments[segments.count - 1].sync()
        end = expected
    }

    /// The index in `segments` of the segment holding `offset` (caller holds `lock`).
    func segmentIndex(for offset: Int64) -> Int {
        var low = 0, high = segments.count  // first segment with base > offset
        while low < high {
            let mid = (low + high) / 2
            if segments[mid].baseOffset <= offset { low = mid + 1 } else { high = mid }
        }
        return max(low - 1, 0)
    }
}

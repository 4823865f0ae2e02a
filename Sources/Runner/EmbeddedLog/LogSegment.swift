import Foundation

/// One segment file of a partition (records from `baseOffset` on) with a sparse in-memory index.
///
/// A segment that compaction or retention replaces stays readable through this object (its file
/// descriptor) for as long as a reader holds it; the file is closed when the last reference goes.
// @unchecked Sendable: `durableSize` and the index are guarded by the owning PartitionLog's `lock`; `writtenSize`
// and `lastIndexedPosition` are the writer thread's (or set before the segment is published); the rest is `let`.
final class LogSegment: @unchecked Sendable {
    let baseOffset: Int64
    let path: String
    let fd: Int32
    /// Unique in the process, so a read hint never points into a segment that replaced this one.
    let identity: UInt64
    /// When the segment was opened or created (ms since the epoch), for `segmentMs` rolls.
    let openedAt: Int64

    // Guarded by the owning PartitionLog's lock (written by the writer thread on publish).
    /// Bytes that are durable and visible to readers.
    var durableSize: Int64 = 0
    /// Sparse index: the offset and byte position of some frames, ascending.
    private(set) var indexOffsets: [Int64] = []
    private(set) var indexPositions: [Int64] = []

    // Writer thread only.
    /// Bytes written, including those not yet synced.
    var writtenSize: Int64 = 0
    /// The position of the last index entry, published or pending.
    var lastIndexedPosition: Int64 = -1

    static func fileName(baseOffset: Int64) -> String {
        let digits = String(baseOffset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".log"
    }

    /// The base offset named by a segment file name, or nil for other files.
    static func baseOffset(fileName: String) -> Int64? {
        guard fileName.hasSuffix(".log"), fileName.count == 24 else { return nil }
        return Int64(fileName.prefix(20))
    }

    init(directory: String, baseOffset: Int64, create: Bool, now: Int64) throws {
        self.baseOffset = baseOffset
        path = directory + "/" + LogSegment.fileName(baseOffset: baseOffset)
        fd = try LogFileIO.open(path, create ? (O_RDWR | O_CREAT | O_TRUNC) : O_RDWR)
        identity = LogSegment.nextIdentity()
        openedAt = now
    }

    private static let identityLock = NSLock()
    nonisolated(unsafe) private static var lastIdentity: UInt64 = 0  // guarded by identityLock

    private static func nextIdentity() -> UInt64 {
        identityLock.lock()
        defer { identityLock.unlock() }
        lastIdentity += 1
        return lastIdentity
    }

    /// When the file was last written (ms since the epoch): what retention and the tombstone
    /// horizon measure; compaction carries it over to the segment it writes.
    func lastModified() throws -> Int64 { try LogFileIO.modificationTime(fd, path: path) }

    deinit { close(fd) }

    /// Adds an index entry (caller holds the partition lock).
    func addIndexEntry(offset: Int64, position: Int64) {
        indexOffsets.append(offset)
        indexPositions.append(position)
    }

    /// Drops index entries at or past `size` bytes (caller holds the partition lock).
    func dropIndex(from size: Int64) {
        while let last = indexPositions.last, last >= size {
            indexPositions.removeLast()
            indexOffsets.removeLast()
        }
        lastIndexedPosition = indexPositions.last ?? -1
    }

    /// The nearest indexed frame at or before `offset` (caller holds the partition lock).
    func lookup(_ offset: Int64) -> (offset: Int64, position: Int64) {
        var low = 0
        var high = indexOffsets.count  // first entry with offset > target
        while low < high {
            let mid = (low + high) / 2
            if indexOffsets[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? (baseOffset, 0) : (indexOffsets[low - 1], indexPositions[low - 1])
    }

    /// True when a frame at `position` should get an index entry, given `interval` bytes.
    @inline(__always)
    func wantsIndexEntry(at position: Int64, interval: Int64) -> Bool {
        lastIndexedPosition < 0 || position - lastIndexedPosition >= interval
    }

    func sync() throws { try LogFileIO.syncData(fd, path: path) }
}

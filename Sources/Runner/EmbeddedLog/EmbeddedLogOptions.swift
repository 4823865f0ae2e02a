import Foundation

/// Tuning of the embedded log.
public struct EmbeddedLogOptions: Sendable {
    /// A segment is rolled once it reaches this many bytes (default 128 MiB).
    public var segmentBytes: Int
    /// Bytes between two entries of a segment's sparse in-memory index.
    public var indexIntervalBytes: Int
    /// The largest framed record accepted by `produce`.
    public var maxRecordBytes: Int
    /// Queued (not yet durable) bytes above which `produce` waits for the writer (back-pressure).
    public var maxQueuedBytes: Int
    /// Kafka's `segment.ms`: a non-empty active segment older than this is rolled at the next
    /// append, so retention and compaction reach the records of quiet partitions (default 7 days).
    public var segmentMs: Int64
    /// Kafka's `delete.retention.ms`: how long a tombstone (null value) of a compacted topic is
    /// kept, measured from when its segment was last written (default 24 h); then compaction drops it.
    public var deleteRetentionMs: Int64
    /// Kafka's `min.cleanable.dirty.ratio`: the background cleaner compacts a partition once this
    /// share of its closed bytes was written since its last compaction (default 0.5).
    public var minCleanableDirtyRatio: Double
    /// Whether a background cleaner compacts, applies retention and removes deleted records
    /// (after every segment roll and every `cleanerIntervalMs`). Off, nothing is removed unless
    /// `compactNow`/`enforceRetentionNow` are called.
    public var backgroundCleaning: Bool
    /// Kafka's `log.retention.check.interval.ms` / `log.cleaner.backoff.ms`: how often the
    /// background cleaner looks when no segment rolled (default 60 s).
    public var cleanerIntervalMs: Int
    /// Kafka's last stable offset for compacted topics: keys of barrier records (default none).
    /// When set, compaction of a partition only considers records up to its newest record whose
    /// key is one of these; the records after it are kept byte for byte and never count as newer
    /// versions of their keys, so they cannot remove what came before until a newer barrier is
    /// appended past them. A partition that never held a barrier record compacts as without them.
    public var compactionBarrierKeys: [[UInt8]]
    /// The wall clock in milliseconds since the epoch (tests move it forward).
    public var clock: @Sendable () -> Int64
    /// Where recovery and failure messages go (default: standard error).
    public var log: @Sendable (String) -> Void

    public static let defaultSegmentMs: Int64 = 7 * 24 * 3600 * 1000
    public static let defaultDeleteRetentionMs: Int64 = 24 * 3600 * 1000

    public init(
        segmentBytes: Int = 128 << 20, indexIntervalBytes: Int = 4096,
        maxRecordBytes: Int = 64 << 20, maxQueuedBytes: Int = 256 << 20,
        segmentMs: Int64 = EmbeddedLogOptions.defaultSegmentMs,
        deleteRetentionMs: Int64 = EmbeddedLogOptions.defaultDeleteRetentionMs,
        minCleanableDirtyRatio: Double = 0.5, backgroundCleaning: Bool = true,
        cleanerIntervalMs: Int = 60_000, compactionBarrierKeys: [[UInt8]] = [],
        clock: @escaping @Sendable () -> Int64 = EmbeddedLogOptions.wallClock,
        log: @escaping @Sendable (String) -> Void = EmbeddedLogOptions.logToStandardError
    ) {
        self.segmentBytes = max(segmentBytes, RecordFrame.minimumSize)
        self.indexIntervalBytes = max(indexIntervalBytes, 1)
        self.maxRecordBytes = maxRecordBytes
        self.maxQueuedBytes = max(maxQueuedBytes, 1)
        self.segmentMs = max(segmentMs, 1)
        self.deleteRetentionMs = max(deleteRetentionMs, 0)
        self.minCleanableDirtyRatio = min(max(minCleanableDirtyRatio, 0), 1)
        self.backgroundCleaning = backgroundCleaning
        self.cleanerIntervalMs = max(cleanerIntervalMs, 10)
        self.compactionBarrierKeys = compactionBarrierKeys
        self.clock = clock
        self.log = log
    }

    /// Whether a record with `key` is a compaction barrier.
    @inline(__always)
    func isCompactionBarrier(_ key: UnsafeRawBufferPointer?) -> Bool {
        guard let key, !compactionBarrierKeys.isEmpty else { return false }
        return compactionBarrierKeys.contains { $0.count == key.count && key.elementsEqual($0) }
    }

    public static let wallClock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    public static let logToStandardError: @Sendable (String) -> Void = { message in
        LogStandardError.standardError(message + "\n")
    }
}

/// Writes diagnostics straight to file descriptor 2.
enum LogStandardError {
    static func standardError(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            _ = write(2, base, utf8.count)
        }
    }
}

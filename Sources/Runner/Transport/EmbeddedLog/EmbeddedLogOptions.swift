#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// Where recovery and failure messages go (default: standard error).
    public var log: @Sendable (String) -> Void

    public init(segmentBytes: Int = 128 << 20, indexIntervalBytes: Int = 4096,
                maxRecordBytes: Int = 64 << 20, maxQueuedBytes: Int = 256 << 20,
                log: @escaping @Sendable (String) -> Void = EmbeddedLogOptions.logToStandardError) {
        self.segmentBytes = max(segmentBytes, RecordFrame.minimumSize)
        self.indexIntervalBytes = max(indexIntervalBytes, 1)
        self.maxRecordBytes = maxRecordBytes
        self.maxQueuedBytes = max(maxQueuedBytes, 1)
        self.log = log
    }

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

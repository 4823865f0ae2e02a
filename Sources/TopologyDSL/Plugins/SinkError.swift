/// Why a `RecordSink` did not write (all of) a batch. The code tells the engine what to do.
public struct SinkError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        /// The system could not be reached in time (down, timeouts, a deadlock that kept recurring):
        /// nothing of the batch is known to be written, and the same write may succeed later. The
        /// commit fails; the batch is written again when its records are replayed.
        case transient
        /// The system refuses the records in `rejections` for good (a value it cannot store, a
        /// constraint they violate); every other record of the batch was written. The engine sends
        /// each refused record to the dead-letter topic with its reason, and the commit goes on.
        case rejected
        /// The system refuses the write as a whole, not because of a record (a table it cannot
        /// create, a missing permission): nothing is dead-lettered and the commit fails.
        case failed
    }

    /// A record the system refused: its position in the batch passed to `write`, and why.
    public struct Rejection: Sendable, Equatable {
        public let index: Int
        public let reason: String
        public init(index: Int, reason: String) {
            self.index = index
            self.reason = reason
        }
    }

    public let code: Code
    public let description: String

    /// Whether the same write may succeed later (the system could not be reached in time).
    public var isRetriable: Bool {
        switch code {
        case .transient: true
        case .rejected, .failed: false
        }
    }
    /// The refused records (`.rejected` only; empty otherwise).
    public let rejections: [Rejection]

    public init(_ code: Code, _ description: String, rejections: [Rejection] = []) {
        self.code = code
        self.description = description
        self.rejections = rejections
    }

    /// The error for a batch whose other records were written: `rejections` were refused for good.
    public static func rejected(_ rejections: [Rejection], by sink: String) -> SinkError {
        SinkError(
            .rejected,
            "\(sink) refused \(rejections.count) record(s): "
                + rejections.prefix(3).map { "#\($0.index): \($0.reason)" }.joined(separator: "; "),
            rejections: rejections)
    }
}

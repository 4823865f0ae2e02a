/// Which time a punctuation follows (Kafka Streams' `PunctuationType`).
public enum PunctuationType: Sendable, Hashable {
    /// The task's stream time: the largest record timestamp it has seen. It advances only with
    /// input, so a quiet partition does not punctuate; replays after a crash punctuate the same way.
    case streamTime
    /// The machine's clock (epoch milliseconds), checked as the stream thread loops.
    case wallClockTime
}

/// Stops a scheduled punctuation.
public protocol Cancellable: AnyObject {
    func cancel()
}

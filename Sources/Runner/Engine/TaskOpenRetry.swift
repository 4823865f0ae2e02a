import Foundation

/// A task that could not be opened (a restore that stalled, a RocksDB error): why, how often it
/// was tried, and when to try again. Backoff doubles from half a second up to 30 s.
struct TaskOpenRetry {
    var reason: String
    var attempts = 1
    var nextAttemptNanos: UInt64

    static let firstBackoffNanos: UInt64 = 500_000_000
    static let maxBackoffNanos: UInt64 = 30_000_000_000

    init(reason: String, now: UInt64) {
        self.reason = reason
        nextAttemptNanos = now + Self.firstBackoffNanos
    }

    /// Notes another failed attempt at `now`.
    mutating func failedAgain(_ reason: String, now: UInt64) {
        self.reason = reason
        attempts += 1
        let backoff = min(Self.maxBackoffNanos, Self.firstBackoffNanos << UInt64(min(attempts - 1, 10)))
        nextAttemptNanos = now + backoff
    }

    func isDue(_ now: UInt64) -> Bool { now >= nextAttemptNanos }
}

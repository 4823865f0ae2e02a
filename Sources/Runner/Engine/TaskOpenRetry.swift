/// A task that could not be opened (a restore that stalled, a RocksDB error): why, how often it
/// was tried, and when to try again (on the runner's clock). Backoff doubles from half a second up to 30 s.
struct TaskOpenRetry {
    var reason: String
    var attempts = 1
    var nextAttemptMs: Int64

    static let backoff = Backoff(first: 500, max: 30_000)

    init(reason: String, now: Int64) {
        self.reason = reason
        nextAttemptMs = now + Self.backoff.delay(afterAttempts: 1)
    }

    /// Notes another failed attempt at `now`.
    mutating func failedAgain(_ reason: String, now: Int64) {
        self.reason = reason
        attempts += 1
        nextAttemptMs = now + Self.backoff.delay(afterAttempts: attempts)
    }

    func isDue(_ now: Int64) -> Bool { now >= nextAttemptMs }
}

/// Something that failed and is tried again after a backoff: why it failed last, how many attempts
/// failed, and when to try again (on the runner's clock, epoch ms).
struct RetrySchedule: Equatable {
    let backoff: Backoff
    private(set) var reason: String
    private(set) var attempts: Int
    private(set) var nextAttemptMs: Int64

    /// After `attempts` failed attempts, the last at `now`.
    init(_ reason: String, now: Int64, backoff: Backoff, attempts: Int = 1) {
        self.backoff = backoff
        self.reason = reason
        self.attempts = attempts
        nextAttemptMs = now + backoff.delay(afterAttempts: attempts)
    }

    /// Notes another failed attempt at `now`.
    mutating func failedAgain(_ reason: String, now: Int64) {
        self = RetrySchedule(reason, now: now, backoff: backoff, attempts: attempts + 1)
    }

    func isDue(_ now: Int64) -> Bool { now >= nextAttemptMs }
}

/// A task that is closed and waits to be opened again: it could not be opened (a restore that
/// stalled, a RocksDB error), or it failed while running (its commit failed, a serde could not
/// reach the schema registry) and reopens from its last commit. Holds why, how often it failed
/// since it last opened or committed, and when to try again (on the runner's clock). Backoff
/// doubles from half a second up to 30 s.
struct TaskOpenRetry: Equatable {
    /// Why the task is closed.
    enum Cause {
        /// Opening it failed (also when it is reopened after a failure).
        case open
        /// It failed while running and reopens from its last commit.
        case run

        /// How `/ready` says it after the task's id.
        var phrase: String {
            switch self {
            case .open: "could not be opened"
            case .run: "failed and reopens from its last commit"
            }
        }
    }

    var cause: Cause
    var schedule: RetrySchedule

    static let backoff = Backoff(first: 500, max: 30_000)

    init(_ cause: Cause, reason: String, now: Int64, attempts: Int = 1) {
        self.cause = cause
        schedule = RetrySchedule(reason, now: now, backoff: Self.backoff, attempts: attempts)
    }

    /// Notes another failed attempt to open it at `now`.
    mutating func failedAgain(_ reason: String, now: Int64) {
        cause = .open
        schedule.failedAgain(reason, now: now)
    }
}

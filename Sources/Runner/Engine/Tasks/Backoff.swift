/// Retry delays that double from `first` up to `max` milliseconds (a task that could not be
/// opened, a record that cannot be read yet). Times are on the runner's clock
/// (`RunnerConfiguration.clock`, epoch ms), so a test driver's retries follow the test's clock.
struct Backoff: Sendable, Equatable {
    let first: Int64
    let max: Int64

    /// The delay before the attempt after `attempts` failed ones (1: `first`).
    func delay(afterAttempts attempts: Int) -> Int64 { min(max, first << Int64(min(Swift.max(attempts, 1) - 1, 10))) }
}

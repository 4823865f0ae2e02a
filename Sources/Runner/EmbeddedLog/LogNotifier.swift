import Foundation

/// Wakes consumers blocked in `poll` when the writer publishes records, or on `wakeup()`.
// @unchecked Sendable: `generation` is read and written only under `condition`.
final class LogNotifier: @unchecked Sendable {
    private let condition = NSCondition()
    private var generation: UInt64 = 0

    /// The current generation; read it before checking for data, then wait on it.
    var current: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return generation
    }

    /// Announces new data (or a wakeup) to every waiter.
    func bump() {
        condition.lock()
        generation &+= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the generation moves past `seen` or `deadline` passes; false on timeout.
    func wait(since seen: UInt64, until deadline: Date) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while generation == seen {
            if !condition.wait(until: deadline) { return generation != seen }
        }
        return true
    }
}

import Foundation

/// A stop request for threads that loop with pauses between rounds of work (heartbeats, retries
/// after an error): a pause ends at once when stop is asked, instead of sleeping through it, and
/// the asker can wait until every such thread has left.
// @unchecked Sendable: `stopped` and `running` are only read and written with `condition` locked.
final class StopSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var running = 0

    var isStopped: Bool { condition.withLock { stopped } }

    /// Pauses the calling thread for `milliseconds`, or until stop is asked; true if it was.
    func pause(milliseconds: Int) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Double(milliseconds) / 1000)
        return condition.withLock {
            while !stopped && condition.wait(until: deadline) {}
            return stopped
        }
    }

    /// A thread that `stop` should wait for begins (`left()` when it ends).
    func entered() { condition.withLock { running += 1 } }

    func left() {
        condition.withLock {
            running -= 1
            condition.broadcast()
        }
    }

    /// Asks every thread to stop and waits until those that entered have left, at most `timeoutMs`.
    func stop(waitingMs timeoutMs: Int = 0) {
        let deadline = Date(timeIntervalSinceNow: Double(timeoutMs) / 1000)
        condition.withLock {
            stopped = true
            condition.broadcast()
            while running > 0 && condition.wait(until: deadline) {}
        }
    }
}

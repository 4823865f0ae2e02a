import TopologyDSL

/// The end of a loop that runs on its own thread, awaited without blocking a thread: `complete()`
/// once, from the loop; `wait()` from any task, before or after (it returns at once after).
final class LoopCompletion: Sendable {
    private struct State {
        var completed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Locked(State())

    /// Resumes every waiter, and every later one at once.
    func complete() {
        let waiters = state.withLock { state in
            state.completed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once `complete()` has been called.
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if state.completed { return true }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
}

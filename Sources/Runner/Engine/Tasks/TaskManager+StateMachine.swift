extension TaskManager {
    /// Where each assigned task stands (Kafka Streams' task states, reduced to ours), and whether
    /// the group assigned partitions yet, as a value the task manager keeps under its lock: each
    /// event returns the action to take, so every transition is decided here and tested alone, and
    /// `/ready` reads one consistent picture from any thread.
    ///
    ///     (assigned) ──▶ restoring ──opened──▶ running ──failed while running──▶ waitingToReopen
    ///                        │  ▲                                                   │
    ///                        │  └──────────────────── backoff passed ───────────────┘
    ///                        └──open failed──▶ waitingToReopen
    ///     any state ──revoked or lost──▶ (gone)
    struct StateMachine {
        enum TaskState: Equatable {
            /// Being opened and restored; `retry` when it is opened again after a failure.
            case restoring(retry: TaskOpenRetry?)
            /// Open and processing.
            case running
            /// Closed, its inputs paused, until its backoff has passed.
            case waitingToReopen(TaskOpenRetry)
        }

        private(set) var tasks: [TaskId: TaskState] = [:]
        /// Whether the group has assigned partitions at least once.
        private(set) var hasAssignment = false

        /// The tasks of an assignment are about to be opened.
        mutating func restoring(_ ids: [TaskId]) {
            for id in ids { tasks[id] = .restoring(retry: nil) }
        }

        /// The group's assignment is in effect (its tasks opened or failed to).
        mutating func assignmentApplied() { hasAssignment = true }

        enum OpenedAction: Equatable {
            /// First opened in this assignment.
            case none
            /// Reopened after failures: read its inputs again and resume them.
            case resumeInputs(afterAttempts: Int)
        }

        mutating func opened(_ id: TaskId) -> OpenedAction {
            let previous = tasks[id]
            tasks[id] = .running
            if case .restoring(let retry?) = previous { return .resumeInputs(afterAttempts: retry.schedule.attempts) }
            return .none
        }

        enum FailedAction: Equatable {
            /// Its inputs are read: pause them until it reopens.
            case pauseInputs
            /// Its inputs are paused already (a reopening failed).
            case none
        }

        /// Opening task `id` failed at `now`.
        mutating func openFailed(_ id: TaskId, reason: String, now: Int64) -> FailedAction {
            if case .restoring(var retry?) = tasks[id] {
                retry.failedAgain(reason, now: now)
                tasks[id] = .waitingToReopen(retry)
                return .none
            }
            tasks[id] = .waitingToReopen(TaskOpenRetry(.open, reason: reason, now: now))
            return .pauseInputs
        }

        /// Task `id` failed while running, its `attempts`th failure since it last committed.
        mutating func runFailed(_ id: TaskId, reason: String, now: Int64, attempts: Int) -> FailedAction {
            tasks[id] = .waitingToReopen(TaskOpenRetry(.run, reason: reason, now: now, attempts: attempts))
            return .pauseInputs
        }

        /// The tasks whose backoff has passed at `now`, in task order, marked as restoring.
        mutating func reopening(now: Int64) -> [TaskId] {
            let due = tasks.compactMap { id, state -> TaskId? in
                if case .waitingToReopen(let retry) = state, retry.schedule.isDue(now) { return id }
                return nil
            }.sorted()
            for id in due {
                if case .waitingToReopen(let retry) = tasks[id] { tasks[id] = .restoring(retry: retry) }
            }
            return due
        }

        /// Task `id` was revoked or lost: it is no longer this member's.
        mutating func removed(_ id: TaskId) { tasks[id] = nil }

        /// Whether the group assigned partitions (or `readsNothing`), and every task is running.
        func isSettled(readsNothing: Bool) -> Bool {
            (hasAssignment || readsNothing) && tasks.values.allSatisfy { $0 == .running }
        }

        /// Why not every task is running, naming each task waiting to be reopened (nil when settled).
        func unsettledReason(readsNothing: Bool) -> String? {
            if !hasAssignment && !readsNothing { return "waiting for the group to assign partitions" }
            var waiting: [(TaskId, TaskOpenRetry)] = []
            for (id, state) in tasks {
                switch state {
                case .restoring: return "stores are being restored"
                case .running: continue
                case .waitingToReopen(let retry): waiting.append((id, retry))
                }
            }
            guard !waiting.isEmpty else { return nil }
            return waiting.sorted { $0.0 < $1.0 }.map { id, retry in
                "task \(id) \(retry.cause.phrase) (attempt \(retry.schedule.attempts), retrying): \(retry.schedule.reason)"
            }.joined(separator: "; ")
        }
    }
}

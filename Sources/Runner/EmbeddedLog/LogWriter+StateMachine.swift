extension LogWriter {
    /// The writer's lifecycle, as a value the writer keeps under its condition: each event returns
    /// the action to take, so every transition is decided here and tested without a thread.
    ///
    ///     running(idle) ◀──work queued / found──▶ running(busy) ──shutdown──▶ draining ──nothing left──▶ stopped
    ///
    /// While running, records and chores are accepted; once draining, nothing new is, and the writer
    /// writes what was queued before it stops.
    struct StateMachine {
        enum State: Equatable {
            /// The writer thread takes work; `idle` while it waits for some.
            case running(idle: Bool)
            /// Shut down: the writer writes what is queued, then stops.
            case draining
            /// The writer thread has ended; everything queued is written or failed.
            case stopped
        }

        private(set) var state: State = .running(idle: false)

        /// Whether records and chores may still be queued.
        var accepts: Bool {
            switch state {
            case .running: true
            case .draining, .stopped: false
            }
        }

        var isStopped: Bool { state == .stopped }

        enum WakeAction: Equatable {
            /// The writer waits for work: wake it.
            case wakeWriter
            case none
        }

        /// A record or a chore was queued.
        mutating func workQueued() -> WakeAction {
            switch state {
            case .running(idle: true):
                state = .running(idle: false)
                return .wakeWriter
            case .running(idle: false), .draining, .stopped:
                return .none
            }
        }

        enum Step: Equatable {
            /// Nothing to do: wait until woken.
            case waitForWork
            /// Run the queued chores (between cycles, so no append is half done).
            case runChores
            /// Write and sync what is queued.
            case writeCycle
            /// Draining, and nothing is left: the writer thread ends.
            case finish
        }

        /// The writer thread looks for work: whether records (`queued`) or `chores` wait.
        mutating func nextStep(queued: Bool, chores: Bool) -> Step {
            switch state {
            case .running:
                if chores || queued {
                    state = .running(idle: false)
                    return chores ? .runChores : .writeCycle
                }
                state = .running(idle: true)
                return .waitForWork
            case .draining:
                if chores { return .runChores }
                if queued { return .writeCycle }
                state = .stopped
                return .finish
            case .stopped:
                return .finish
            }
        }

        enum ShutdownAction: Equatable {
            /// Wake the writer so it drains, then wait for it to stop.
            case wakeWriterAndWait
            /// Another shutdown is under way: wait for the writer to stop.
            case waitForWriter
            /// Stopped already.
            case none
        }

        mutating func shutdownRequested() -> ShutdownAction {
            switch state {
            case .running:
                state = .draining
                return .wakeWriterAndWait
            case .draining:
                return .waitForWriter
            case .stopped:
                return .none
            }
        }
    }
}

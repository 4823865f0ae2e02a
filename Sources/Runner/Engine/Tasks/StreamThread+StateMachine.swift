extension StreamThread {
    /// The stream thread's lifecycle (Kafka Streams' `StreamThread.State`, reduced to what ours
    /// does), as a value the thread keeps behind a lock: each event returns the action the thread
    /// takes, so every transition is decided here and tested without a thread.
    ///
    ///     created ──start──▶ starting ──first poll──▶ running ──stop──▶ pendingShutdown ──end──▶ dead
    ///        │                   └───────────────stop──────────────────────▶┘                  ▲
    ///        └──stop (the loop never ran)──────────────────────────────────────────────────────┤
    ///                                           the loop failing, in any state but created: ───┘ (with its error)
    struct StateMachine {
        enum State {
            /// Made, not started.
            case created
            /// Subscribed; the first poll (assignment and restore) has not returned.
            case starting
            /// Polling and processing; `announced` once every task is ready.
            case running(announced: Bool)
            /// Asked to stop: the loop makes its final commit and closes its tasks.
            case pendingShutdown
            /// The loop has ended; with the error that ended it, if one did.
            case dead(failure: (any Error)?)
        }

        private(set) var state: State = .created

        enum StartAction {
            /// Subscribe and start the loop's thread.
            case startLoop
            /// Already started, or stopped before it started: nothing to do.
            case none
        }

        mutating func start() -> StartAction {
            switch state {
            case .created:
                state = .starting
                return .startLoop
            case .starting, .running, .pendingShutdown, .dead:
                return .none
            }
        }

        enum PolledAction {
            /// Log once that the stores are restored and processing goes on.
            case announceReady
            case none
        }

        /// A turn of the loop has polled; `tasksReady` tells whether every task is open and restored.
        mutating func polled(tasksReady: Bool) -> PolledAction {
            switch state {
            case .starting:
                state = .running(announced: tasksReady)
                return tasksReady ? .announceReady : .none
            case .running(announced: false) where tasksReady:
                state = .running(announced: true)
                return .announceReady
            case .running, .pendingShutdown, .created, .dead:
                return .none
            }
        }

        enum StopAction {
            /// Wake the consumer out of its poll so the loop sees the request at once.
            case wakeUpLoop
            /// The loop never started: close the consumer and signal the end now.
            case endWithoutLoop
            /// The loop is stopping or has ended already.
            case none
        }

        mutating func stopRequested() -> StopAction {
            switch state {
            case .starting, .running:
                state = .pendingShutdown
                return .wakeUpLoop
            case .created:
                state = .dead(failure: nil)
                return .endWithoutLoop
            case .pendingShutdown, .dead:
                return .none
            }
        }

        /// The loop has ended, after its final commit or because of `failure`.
        mutating func loopEnded(failure: (any Error)?) {
            state = .dead(failure: failure)
        }

        /// Whether the loop should go on with another turn.
        var keepsLooping: Bool {
            switch state {
            case .starting, .running: true
            case .created, .pendingShutdown, .dead: false
            }
        }

        /// True once the first poll has assigned and restored the tasks, until a stop.
        var isRunning: Bool {
            if case .running = state { return true }
            return false
        }

        /// The error that ended the loop, if one did.
        var failure: (any Error)? {
            if case .dead(let failure) = state { return failure }
            return nil
        }
    }
}

extension KafkaConsumer {
    /// How the consumer takes its partitions, as a value kept under the consumer's lock: each call
    /// returns the librdkafka steps to take, so every transition is decided here and tested alone.
    ///
    ///     idle ──subscribe──▶ subscribed ◀──subscribe (leaves the manual assignment)── assigned
    ///      └──────assign──────────────────▶ assigned ◀──assign (unsubscribes first)── subscribed
    ///     any of them ──close──▶ closed (every later call is refused)
    struct StateMachine {
        enum State: Equatable {
            /// Made; no partitions yet.
            case idle
            /// A group member: partitions come and go by rebalance.
            case subscribed
            /// Reads the partitions it was given (no rebalances).
            case assigned
            /// Left the group and stopped fetching.
            case closed
        }

        private(set) var state: State = .idle

        enum SubscribeAction: Equatable {
            /// Drop the manual assignment, then subscribe.
            case leaveAssignmentAndSubscribe
            case subscribe
            case refuseClosed
        }

        mutating func subscribe() -> SubscribeAction {
            switch state {
            case .assigned:
                state = .subscribed
                return .leaveAssignmentAndSubscribe
            case .idle, .subscribed:
                state = .subscribed
                return .subscribe
            case .closed:
                return .refuseClosed
            }
        }

        enum AssignAction: Equatable {
            /// Leave the group, then assign.
            case unsubscribeAndAssign
            case assign
            case refuseClosed
        }

        mutating func assign() -> AssignAction {
            switch state {
            case .subscribed:
                state = .assigned
                return .unsubscribeAndAssign
            case .idle, .assigned:
                state = .assigned
                return .assign
            case .closed:
                return .refuseClosed
            }
        }

        enum CloseAction: Equatable {
            /// Tell the rebalance handler, wake a poll in progress, wait for it and close the handle.
            case closeConsumer
            /// Closed already.
            case none
        }

        mutating func close() -> CloseAction {
            switch state {
            case .idle, .subscribed, .assigned:
                state = .closed
                return .closeConsumer
            case .closed:
                return .none
            }
        }

        var isClosed: Bool { state == .closed }
    }
}

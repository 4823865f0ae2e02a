import Foundation
import Logging
import Synchronization
import TopologyDSL

/// The input partitions of one task that wait for a record they could not read yet
/// (`StreamrunError.Code.inputUnavailable`): the task keeps its position at that record and drops what is polled after
/// it; when the backoff (half a second, doubling up to 10 s) has passed, the stream thread seeks
/// the partition back to it (`TaskManager.rewindStalledInputs`) and the task reads it again. Other
/// partitions go on meanwhile, and a commit records the waiting record's offset as the position.
final class InputStalls: Sendable {
    struct Stall {
        /// The record to read again.
        var offset: Int64
        /// When to read it again, on the runner's clock (epoch ms; a test driver's clock is the test's).
        var schedule: RetrySchedule
        /// Whether the consumer was sent back to `offset`: the next record polled is read again.
        var rewound = false
    }

    static let backoff = Backoff(first: 500, max: 10_000)

    private struct State {
        var waiting: [TopicPartition: Stall] = [:]
        /// The last stall of each partition that was read again (to count attempts if it fails again).
        var retried: [TopicPartition: Stall] = [:]
    }

    /// Written by the stream thread; read by `/ready` from any thread.
    private let state = Locked(State())
    /// How many partitions wait (the stream thread's fast path: no lock per record while none does).
    private let waitingCount = Atomic<Int>(0)

    /// Whether the record at `offset` of `partition` may be processed: not while the partition
    /// waits for a retry. The first record polled after a rewind ends the wait (it is the waiting
    /// record, or the next one if retention removed it meanwhile).
    func admits(_ partition: TopicPartition, offset: Int64) -> Bool {
        guard waitingCount.load(ordering: .relaxed) > 0 else { return true }
        return state.withLock { state in
            guard let stall = state.waiting[partition] else { return true }
            guard stall.rewound, offset >= stall.offset else { return false }
            state.waiting[partition] = nil
            state.retried[partition] = stall
            waitingCount.store(state.waiting.count, ordering: .relaxed)
            return true
        }
    }

    /// Notes that the record at `offset` could not be read; returns the stall (attempt, backoff).
    @discardableResult
    func stall(_ partition: TopicPartition, at offset: Int64, reason: String, now: Int64) -> Stall {
        state.withLock { state in
            var schedule: RetrySchedule
            if let previous = state.retried[partition], previous.offset == offset {
                schedule = previous.schedule
                schedule.failedAgain(reason, now: now)
            } else {
                schedule = RetrySchedule(reason, now: now, backoff: Self.backoff)
            }
            let stall = Stall(offset: offset, schedule: schedule)
            state.waiting[partition] = stall
            waitingCount.store(state.waiting.count, ordering: .relaxed)
            return stall
        }
    }

    /// Whether any partition waits (one atomic load).
    var isWaiting: Bool { waitingCount.load(ordering: .relaxed) > 0 }

    /// The offset `partition` waits at, if it waits.
    func waitingOffset(_ partition: TopicPartition) -> Int64? {
        guard waitingCount.load(ordering: .relaxed) > 0 else { return nil }
        return state.withLock { $0.waiting[partition]?.offset }
    }

    /// The stalls whose backoff has passed at `now`, marked as rewound: the caller seeks each
    /// partition back to its offset before the next poll.
    func due(_ now: Int64) -> [(TopicPartition, Int64)] {
        guard waitingCount.load(ordering: .relaxed) > 0 else { return [] }
        return state.withLock { state in
            var due: [(TopicPartition, Int64)] = []
            for (partition, stall) in state.waiting where !stall.rewound && stall.schedule.isDue(now) {
                state.waiting[partition]?.rewound = true
                due.append((partition, stall.offset))
            }
            return due
        }
    }

    /// One line per waiting partition, for `/ready` (nil when none waits).
    func summary(task: TaskId) -> String? {
        let lines = state.withLock { state in
            state.waiting.sorted { $0.key < $1.key }.map { partition, stall in
                "task \(task): \(partition) waits at offset \(stall.offset) (attempt \(stall.schedule.attempts), retrying): \(stall.schedule.reason)"
            }
        }
        return lines.isEmpty ? nil : lines.joined(separator: "; ")
    }
}

extension StreamTask {
    /// Notes that the record at `offset` cannot be read yet and logs why: the partition waits there.
    func waitForInput(_ partition: TopicPartition, at offset: Int64, error: StreamrunError) {
        let now = context.clock()
        let stall = stalls.stall(partition, at: offset, reason: error.description, now: now)
        let backoff = String(format: "%.1f", Double(stall.schedule.nextAttemptMs - now) / 1e3)
        context.logger.warning(
            "record \(partition)@\(offset) cannot be read yet (attempt \(stall.schedule.attempts)); reading it again in \(backoff) s: \(error)"
        )
    }
}

extension TaskManager {
    /// Seeks each waiting input partition whose backoff has passed back to its waiting record
    /// (stream thread, after processing a poll's batches and before the next poll, so that no
    /// batch polled before the seek is taken for the record read again).
    func rewindStalledInputs() {
        let now = configuration.clock()
        for task in tasks {
            for (partition, offset) in task.stalls.due(now) { consumer?.seek(partition, to: offset) }
        }
    }

    /// The input partitions waiting for a record they could not read yet, with why (nil if none).
    var stalledInputsReason: String? {
        let lines = taskViews.compactMap { $0.stalls.summary(task: $0.id) }
        return lines.isEmpty ? nil : lines.joined(separator: "; ")
    }
}

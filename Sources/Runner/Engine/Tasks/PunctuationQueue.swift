import TopologyDSL

/// A task's scheduled punctuations of one type, fired when their time comes (Kafka Streams'
/// `PunctuationQueue`): each fires at most once per check, with the current time, and its next
/// time stays aligned to its interval, skipping the times a jump in time passed over.
final class PunctuationQueue {
    final class Schedule: Cancellable {
        let interval: Int64
        var due: Int64
        let punctuate: (Int64) throws -> Void
        private(set) var cancelled = false

        init(interval: Int64, due: Int64, punctuate: @escaping (Int64) throws -> Void) {
            self.interval = interval
            self.due = due
            self.punctuate = punctuate
        }

        func cancel() { cancelled = true }
    }

    private var schedules: [Schedule] = []

    var isEmpty: Bool { schedules.isEmpty }

    /// Whether times are aligned to multiples of the interval (stream time, so that a replay
    /// punctuates at the same times as the first run) or counted from when it was scheduled.
    let aligned: Bool

    init(aligned: Bool) { self.aligned = aligned }

    /// Schedules `punctuate` every `interval` ms (at least 1): first at the next multiple of the
    /// interval after `now` when aligned, else at `now + interval` (`now` is -1 when the time is
    /// not known yet).
    func schedule(every interval: Int64, now: Int64, _ punctuate: @escaping (Int64) throws -> Void) -> Schedule {
        let interval = max(interval, 1)
        let start = max(now, 0)
        let first =
            aligned
            ? (start / interval).addingReportingOverflow(1).partialValue.multipliedReportingOverflow(by: interval)
            : start.addingReportingOverflow(interval)
        let schedule = Schedule(
            interval: interval, due: first.overflow ? .max : first.partialValue, punctuate: punctuate)
        schedules.append(schedule)
        return schedule
    }

    /// Fires every schedule due at `now`; returns how many fired. A punctuation that throws stops
    /// this check (the error is the caller's); the others fire at the next check.
    @discardableResult
    func fire(now: Int64) throws -> Int {
        schedules.removeAll(where: \.cancelled)
        var fired = 0
        for schedule in schedules where !schedule.cancelled && schedule.due <= now {
            let missed = (now - schedule.due) / schedule.interval
            let next = (missed + 1).multipliedReportingOverflow(by: schedule.interval)
            let due = schedule.due.addingReportingOverflow(next.partialValue)
            schedule.due = next.overflow || due.overflow ? .max : due.partialValue
            try schedule.punctuate(now)
            fired += 1
        }
        return fired
    }
}

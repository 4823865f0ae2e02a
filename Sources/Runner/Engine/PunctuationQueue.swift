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

    /// Schedules `punctuate` every `interval` ms, first at `now + interval` (at `interval` when
    /// the time is not known yet, -1).
    func schedule(every interval: Int64, now: Int64, _ punctuate: @escaping (Int64) throws -> Void) -> Schedule {
        precondition(interval > 0, "a punctuation interval must be positive")
        let schedule = Schedule(interval: interval, due: max(now, 0) + interval, punctuate: punctuate)
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
            schedule.due += (missed + 1) * schedule.interval
            try schedule.punctuate(now)
            fired += 1
        }
        return fired
    }
}

import Synchronization

/// A counter that any thread may add to.
public final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    public init() {}
    public func add(_ n: Int) { if n != 0 { value.add(n, ordering: .relaxed) } }
    public var current: Int { value.load(ordering: .relaxed) }
}

/// The runner's own measurements, exported at `/metrics` in Prometheus text format.
public final class RunnerMetrics: Sendable {
    public let recordsProcessed = Counter()
    public let recordsSkipped = Counter()
    /// Records of repartition topics that a producing task sent again after a crash, recognised by their origin.
    public let duplicatesSkipped = Counter()
    /// Punctuations that threw (logged; they fire again at their next time).
    public let punctuationFailures = Counter()
    /// Tasks that failed while running and were reopened from their last commit.
    public let taskFailures = Counter()
    public let commits = Counter()
    /// Sum of commit durations in microseconds.
    public let commitMicros = Counter()
    public let maxCommitMicros = Atomic<Int>(0)
    public let commandsAccepted = Counter()
    public let commandsRejected = Counter()
    public let queries = Counter()

    public init() {}

    func recordCommit(micros: Int) {
        commits.add(1)
        commitMicros.add(micros)
        var current = maxCommitMicros.load(ordering: .relaxed)
        while micros > current {
            let (exchanged, original) = maxCommitMicros.compareExchange(expected: current, desired: micros, ordering: .relaxed)
            if exchanged { break }
            current = original
        }
    }

    /// The Prometheus text exposition, with the store sizes given by the caller.
    public func prometheusText(storeSizes: [(store: String, task: String, keys: Int)], ready: Bool) -> String {
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(String, Double)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (labels, value) in samples { out += "\(name)\(labels) \(value == value.rounded() ? String(Int(value)) : String(value))\n" }
        }
        metric("streamrun_records_processed_total", "counter", "Input records processed.", [("", Double(recordsProcessed.current))])
        metric("streamrun_records_skipped_total", "counter", "Input records skipped because they could not be processed.",
               [("", Double(recordsSkipped.current))])
        metric("streamrun_duplicates_skipped_total", "counter",
               "Repartition records sent again by a task that replayed its input, recognised by their origin and skipped.",
               [("", Double(duplicatesSkipped.current))])
        metric("streamrun_punctuation_failures_total", "counter", "Scheduled punctuations that failed.",
               [("", Double(punctuationFailures.current))])
        metric("streamrun_task_failures_total", "counter",
               "Tasks that failed while running (a commit a sink or store refused, a schema registry that cannot be reached) and reopen from their last commit.",
               [("", Double(taskFailures.current))])
        metric("streamrun_commits_total", "counter", "Commits of state, changelogs and offsets.", [("", Double(commits.current))])
        metric("streamrun_commit_latency_seconds_sum", "counter", "Total time spent committing.",
               [("", Double(commitMicros.current) / 1_000_000)])
        metric("streamrun_commit_latency_seconds_max", "gauge", "Longest commit.",
               [("", Double(maxCommitMicros.load(ordering: .relaxed)) / 1_000_000)])
        metric("streamrun_commands_total", "counter", "Command requests by outcome.",
               [("{outcome=\"accepted\"}", Double(commandsAccepted.current)),
                ("{outcome=\"rejected\"}", Double(commandsRejected.current))])
        metric("streamrun_queries_total", "counter", "Query requests.", [("", Double(queries.current))])
        metric("streamrun_store_keys", "gauge", "Approximate number of keys per store and task.",
               storeSizes.map { ("{store=\"\($0.store)\",task=\"\($0.task)\"}", Double($0.keys)) })
        metric("streamrun_ready", "gauge", "1 when every store is restored and the runner is processing.", [("", ready ? 1 : 0)])
        return out
    }
}

public import Prometheus
import Synchronization
import TopologyDSL

/// A counter that any thread may add to: exported through its runner's Prometheus registry, and
/// readable by the program (`current`) as the exporter's counters are not.
public final class MetricCounter: Sendable {
    private let value = Atomic<Int>(0)
    private let exported: Prometheus.Counter

    init(_ exported: Prometheus.Counter) { self.exported = exported }

    public func add(_ n: Int) {
        guard n != 0 else { return }
        value.add(n, ordering: .relaxed)
        exported.increment(by: Int64(n))
    }

    public var current: Int { value.load(ordering: .relaxed) }
}

/// The runner's own measurements, in one Prometheus registry per runner (so that several
/// topologies in one process never mix their series), exported at `/metrics`. Counters and
/// latency histograms are updated where things happen; gauges that describe state (store sizes,
/// lag, readiness) are set when the registry is scraped.
public final class RunnerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    public let recordsProcessed: MetricCounter
    public let recordsSkipped: MetricCounter
    /// Records of repartition topics that a producing task sent again after a crash, recognised by their origin.
    public let duplicatesSkipped: MetricCounter
    /// Punctuations that threw (logged; they fire again at their next time).
    public let punctuationFailures: MetricCounter
    /// Tasks that failed while running and were reopened from their last commit.
    public let taskFailures: MetricCounter
    public let commits: MetricCounter
    /// Changelog records applied to stores by restores.
    public let restoredRecords: MetricCounter
    public let commandsAccepted: MetricCounter
    public let commandsRejected: MetricCounter
    public let queries: MetricCounter
    /// How long commits take: state, changelogs and offsets.
    public let commitDuration: DurationHistogram
    /// How long a command takes, from its request to its durable append (or refusal).
    public let commandDuration: DurationHistogram
    /// How long a query takes to answer, forwarded ones included.
    public let queryDuration: DurationHistogram

    private let storeKeys: ScrapedGauges
    private let lag: ScrapedGauges
    private let ready: Gauge

    /// Latency buckets from 0.5 ms to 10 s.
    static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        func counter(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> MetricCounter {
            MetricCounter(registry.makeCounter(descriptor: metric(name, help), labels: labels))
        }
        func latency(_ name: String, _ help: String) -> DurationHistogram {
            registry.makeDurationHistogram(
                descriptor: metric(name, help), labels: [],
                buckets: Self.latencyBuckets)
        }
        recordsProcessed = counter("streamrun_records_processed_total", "Input records processed.")
        recordsSkipped = counter(
            "streamrun_records_skipped_total", "Input records skipped because they could not be processed.")
        duplicatesSkipped = counter(
            "streamrun_duplicates_skipped_total",
            "Repartition records sent again by a task that replayed its input, recognised by their origin and skipped.")
        punctuationFailures = counter("streamrun_punctuation_failures_total", "Scheduled punctuations that failed.")
        taskFailures = counter(
            "streamrun_task_failures_total",
            "Tasks that failed while running (a commit a sink or store refused, a schema registry that cannot be reached) and reopen from their last commit."
        )
        commits = counter("streamrun_commits_total", "Commits of state, changelogs and offsets.")
        restoredRecords = counter(
            "streamrun_restored_records_total", "Changelog records applied to stores by restores.")
        let commandsHelp = "Command requests by outcome."
        commandsAccepted = counter("streamrun_commands_total", commandsHelp, [("outcome", "accepted")])
        commandsRejected = counter("streamrun_commands_total", commandsHelp, [("outcome", "rejected")])
        queries = counter("streamrun_queries_total", "Query requests.")
        commitDuration = latency(
            "streamrun_commit_duration_seconds", "How long commits of state, changelogs and offsets take.")
        commandDuration = latency(
            "streamrun_command_duration_seconds",
            "How long a command takes, from its request to its durable append or refusal.")
        queryDuration = latency(
            "streamrun_query_duration_seconds", "How long a query takes to answer, forwarded ones included.")
        storeKeys = ScrapedGauges(registry, "streamrun_store_keys", "Approximate number of keys per store and task.")
        lag = ScrapedGauges(
            registry, "streamrun_input_lag_records",
            "Records of an input partition a task has not processed yet (end offset minus position).")
        ready = registry.makeGauge(
            descriptor: metric("streamrun_ready", "1 when every store is restored and the runner is processing."))
    }

    func recordCommit(_ duration: Duration) {
        commits.add(1)
        commitDuration.record(duration)
    }

    /// Runs `body` and records how long it took in `histogram`.
    public func timed<T>(_ histogram: DurationHistogram, _ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer { histogram.record(start.duration(to: .now)) }
        return try await body()
    }

    /// The Prometheus text exposition, after setting the state gauges from what the caller measured.
    func prometheusText(
        storeSizes: [(store: String, task: String, keys: Int)],
        lags: [(task: String, topic: String, partition: Int32, records: Int64)], ready isReady: Bool
    ) -> String {
        storeKeys.update(storeSizes.map { ([("store", $0.store), ("task", $0.task)], Double($0.keys)) })
        lag.update(
            lags.map {
                ([("task", $0.task), ("topic", $0.topic), ("partition", "\($0.partition)")], Double($0.records))
            })
        ready.set(to: isReady ? 1 : 0)
        return registry.emitToString()
    }
}

/// A metric written with its whole name (unit suffix included, as Prometheus' naming guide has it).
private func metric(_ name: String, _ help: String) -> MetricNameDescriptor {
    MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
}

/// A gauge family whose label sets come and go with the state it describes (tasks move between
/// instances): each scrape sets the current series and unregisters the ones gone.
private final class ScrapedGauges: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let name: String
    private let help: String
    private let series = Locked<[[String]: Gauge]>([:])

    init(_ registry: PrometheusCollectorRegistry, _ name: String, _ help: String) {
        self.registry = registry
        self.name = name
        self.help = help
    }

    func update(_ samples: [(labels: [(String, String)], value: Double)]) {
        series.withLock { series in
            var seen = Set<[String]>()
            for sample in samples {
                let key = sample.labels.flatMap { [$0.0, $0.1] }
                seen.insert(key)
                let gauge = series[key] ?? registry.makeGauge(descriptor: metric(name, help), labels: sample.labels)
                series[key] = gauge
                gauge.set(to: sample.value)
            }
            for (key, gauge) in series where !seen.contains(key) {
                registry.unregisterGauge(gauge)
                series[key] = nil
            }
        }
    }
}

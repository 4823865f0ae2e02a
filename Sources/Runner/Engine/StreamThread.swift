import Foundation
import Logging
import Synchronization
import TopologyDSL

/// The processing loop on its own thread: poll, process, and commit every interval, then a final
/// commit when stopped.
final class StreamThread: RebalanceListener, @unchecked Sendable {
    let consumer: LogConsumer
    let producer: LogProducer
    let tasks: TaskManager
    let configuration: RunnerConfiguration
    let metrics: RunnerMetrics
    let logger: Logger
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let started = Atomic<Bool>(false)
    private(set) var failure: Error?

    init(consumer: LogConsumer, producer: LogProducer, tasks: TaskManager, configuration: RunnerConfiguration,
         metrics: RunnerMetrics, logger: Logger) {
        self.consumer = consumer
        self.producer = producer
        self.tasks = tasks
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    /// True once the first poll has assigned and restored the tasks.
    var isRunning: Bool { started.load(ordering: .acquiring) && !stopping.load(ordering: .relaxed) }

    func start(topics: [String]) {
        consumer.subscribe(topics, listener: self)
        let thread = Thread { [self] in
            loop()
            finished.signal()
        }
        thread.name = "streamrun-stream-thread"
        thread.start()
    }

    /// Asks the loop to stop and waits until it has committed and closed its tasks.
    func stop() async {
        stopping.store(true, ordering: .releasing)
        consumer.wakeup()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.finished.wait()
                continuation.resume()
            }
        }
    }

    private func loop() {
        var lastCommit = DispatchTime.now().uptimeNanoseconds
        let interval = UInt64(configuration.commitIntervalMs) * 1_000_000
        do {
            while !stopping.load(ordering: .acquiring) {
                let batches = try consumer.poll(maxRecords: configuration.pollMaxRecords, timeoutMs: 50)
                started.store(true, ordering: .releasing)
                tasks.retryFailedTasks()
                for batch in batches { tasks.task(for: batch.topicPartition)?.process(batch) }
                tasks.rewindStalledInputs()
                let now = DispatchTime.now().uptimeNanoseconds
                if now - lastCommit >= interval || tasks.tasks.reduce(0, { $0 + $1.cachedEntries }) > configuration.maxCachedKeys {
                    try commit()
                    lastCommit = now
                }
            }
            try commit()
        } catch {
            failure = error
            logger.critical("stream thread stopped: \(error)")
        }
        tasks.closeAll()
        consumer.close()
    }

    /// Flushes caches to changelogs and sinks and waits until the log has them; then appends commit
    /// markers and waits again; then writes the stores with their applied offsets and changelog
    /// checkpoints, and commits the consumer group's offsets.
    func commit() throws {
        let pending = tasks.tasks.filter(\.needsCommit)
        guard !pending.isEmpty else { return }
        let start = DispatchTime.now().uptimeNanoseconds
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for task in pending { try task.flushRecords(now: now) }
        try producer.flush()
        for task in pending { task.writeMarkers() }
        try producer.flush()
        var offsets: [TopicPartition: Int64] = [:]
        for task in pending {
            try task.commitState(transport: tasks.transport)
            offsets.merge(task.positions) { _, new in new }
        }
        try consumer.commit(offsets)
        metrics.recordCommit(micros: Int((DispatchTime.now().uptimeNanoseconds - start) / 1000))
    }

    func partitionsAssigned(_ partitions: [TopicPartition]) {
        tasks.partitionsAssigned(partitions)
    }

    func partitionsRevoked(_ partitions: [TopicPartition]) {
        do { try commit() } catch { logger.error("commit before revocation failed: \(error)") }
        tasks.partitionsRevoked(partitions)
    }
}

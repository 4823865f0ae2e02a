import Foundation

/// Keeps the embedded log's disk use bounded, on its own thread (Kafka's log cleaner and
/// retention check in one): after every segment roll and every `cleanerIntervalMs` it
///
/// - compacts each partition of a compacted topic whose dirty ratio (closed bytes written since
///   its last compaction over all closed bytes) reached `minCleanableDirtyRatio`;
/// - deletes the closed segments of other topics past `retention.ms` / `retention.bytes`.
///
/// Appends and polls go on meanwhile: the partition lock is taken only to swap segments in.
// @unchecked Sendable: `stopping` and `running` are read and written under `condition`; the other fields are `let`.
final class LogCleaner: @unchecked Sendable {
    private let topics: LogTopicStore
    private let options: EmbeddedLogOptions
    private let rolls: LogNotifier
    private let condition = NSCondition()
    private var stopping = false  // guarded by `condition`
    private var running = false  // guarded by `condition`

    init(topics: LogTopicStore, rolls: LogNotifier, options: EmbeddedLogOptions) {
        self.topics = topics
        self.rolls = rolls
        self.options = options
    }

    /// Starts the background thread.
    func start() {
        condition.lock()
        running = true
        condition.unlock()
        let thread = Thread { [self] in loop() }
        thread.name = "embedded-log-cleaner"
        thread.start()
    }

    /// Stops the thread, waiting for a pass under way to reach a safe point.
    func stop() {
        condition.lock()
        stopping = true
        condition.unlock()
        rolls.bump()
        condition.lock()
        while running { condition.wait() }
        condition.unlock()
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    private func loop() {
        var seen = rolls.current
        while !isStopping {
            runPass()
            let deadline = Date(timeIntervalSinceNow: Double(options.cleanerIntervalMs) / 1000)
            _ = rolls.wait(since: seen, until: deadline)
            seen = rolls.current
        }
        condition.lock()
        running = false
        condition.broadcast()
        condition.unlock()
    }

    /// One background pass; failures are logged and the next pass tries again.
    private func runPass() {
        let now = options.clock()
        for topic in topics.all() {
            for log in topic.logs {
                if isStopping { return }
                do {
                    if topic.metadata.compacted {
                        if log.dirtyRatio() >= options.minCleanableDirtyRatio { _ = try compact(log, now: now) }
                    } else {
                        _ = try log.enforceRetention(
                            retentionMs: topic.metadata.effectiveRetentionMs,
                            retentionBytes: topic.metadata.effectiveRetentionBytes, now: now)
                    }
                } catch {
                    options.log("embedded log: cleaning \(log.topicPartition) failed (will retry): \(error)")
                }
            }
        }
    }

    /// Compacts the closed segments of `log` now.
    func compact(_ log: PartitionLog, now: Int64) throws -> CompactionReport {
        log.cleaningLock.lock()
        defer { log.cleaningLock.unlock() }
        var compactor = SegmentCompactor(log: log, options: options, now: now)
        compactor.shouldStop = { [self] in isStopping }
        return try compactor.compact()
    }
}

extension PartitionLog {
    /// The share of closed bytes written since the last compaction (1 when nothing was compacted
    /// since open; 0 when there is no closed segment).
    func dirtyRatio() -> Double {
        cleaningLock.lock()
        let firstDirty = firstDirtyOffset
        cleaningLock.unlock()
        let closed = closedSegments()
        lock.lock()
        defer { lock.unlock() }
        let total = closed.reduce(Int64(0)) { $0 + $1.durableSize }
        let dirty = closed.filter { $0.baseOffset >= firstDirty }.reduce(Int64(0)) { $0 + $1.durableSize }
        return total > 0 ? Double(dirty) / Double(total) : 0
    }
}

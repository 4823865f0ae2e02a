import Foundation
import Logging
import TopologyDSL

/// The processing loop on its own thread: poll, process, and commit every interval, then a final
/// commit when stopped. Under exactly-once, everything between two commits is one transaction.
// @unchecked Sendable: `lifecycle` is guarded by `lifecycleLock`; `purge` is used only on the stream thread (which
// also runs the rebalance callbacks) or a DrivenInstance's caller; the rest is `let`.
final class StreamThread: RebalanceListener, @unchecked Sendable {
    let consumer: any LogConsumer
    let producer: any LogProducer
    /// The stream producer when it writes in transactions (exactly-once), else nil.
    let transactions: (any TransactionalProducer)?
    let tasks: TaskManager
    let configuration: RunnerConfiguration
    let metrics: RunnerMetrics
    let logger: Logger
    /// Completed when the loop has ended: stopped (after its final commit) or failed.
    let ended = LoopCompletion()
    /// The lifecycle: changed by the stream thread and by `start`/`requestStop`, read by any thread.
    private let lifecycleLock = NSLock()
    private var lifecycle = StateMachine()  // guarded by lifecycleLock
    /// Why the loop stopped, if an error stopped it.
    var failure: (any Error)? { lifecycleLock.withLock { lifecycle.failure } }
    private var purge: RepartitionPurge

    init(
        consumer: any LogConsumer, producer: any LogProducer, transactions: (any TransactionalProducer)?,
        tasks: TaskManager,
        configuration: RunnerConfiguration, metrics: RunnerMetrics, logger: Logger
    ) {
        self.consumer = consumer
        self.producer = producer
        self.transactions = transactions
        self.tasks = tasks
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        purge = RepartitionPurge(
            graph: tasks.graph, intervalMs: configuration.repartitionPurgeIntervalMs,
            now: DispatchTime.now().uptimeNanoseconds)
    }

    /// True once the first poll has assigned and restored the tasks, until a stop.
    var isRunning: Bool { lifecycleLock.withLock { lifecycle.isRunning } }

    func start(topics: [String]) {
        switch lifecycleLock.withLock({ lifecycle.start() }) {
        case .startLoop: break
        case .none: return
        }
        consumer.subscribe(topics, listener: self)
        let thread = Thread { [self] in
            loop()
            ended.complete()
        }
        thread.name = "streamrun-stream-thread"
        thread.start()
    }

    /// Asks the loop to stop: it commits, closes its tasks and ends (`ended`). Returns at once.
    func requestStop() {
        switch lifecycleLock.withLock({ lifecycle.stopRequested() }) {
        case .wakeUpLoop: consumer.wakeup()
        case .endWithoutLoop:
            consumer.close()
            ended.complete()
        case .none: break
        }
    }

    private func loop() {
        var lastCommit = DispatchTime.now().uptimeNanoseconds
        let interval = UInt64(configuration.commitIntervalMs) * 1_000_000
        var failure: (any Error)?
        do {
            try transactions?.beginTransaction()
            while lifecycleLock.withLock({ lifecycle.keepsLooping }) {
                try runOnce(timeoutMs: 50)
                let tasksReady = tasks.isReady
                switch lifecycleLock.withLock({ lifecycle.polled(tasksReady: tasksReady) }) {
                case .announceReady: logger.info("ready: stores restored, processing")
                case .none: break
                }
                let now = DispatchTime.now().uptimeNanoseconds
                if now - lastCommit >= interval || tasks.cachedEntries > configuration.maxCachedKeys {
                    try commit()
                    lastCommit = now
                }
            }
            try commit(beginNext: false)
        } catch {
            failure = error
            logger.critical("stream thread stopped: \(error)")
            if let transactions { try? transactions.abortTransaction() }
        }
        tasks.closeAll()
        consumer.close()
        lifecycleLock.withLock { lifecycle.loopEnded(failure: failure) }
    }

    /// One turn of the loop, without its commit: retries the failed tasks whose backoff has passed,
    /// polls (a rebalance happens here, revoked tasks committing first), processes the batches
    /// (a task that fails closes until its backoff has passed), fires the
    /// wall-clock punctuations that are due and rewinds stalled inputs. Returns how many records
    /// the poll returned. (`DrivenInstance` runs it one turn at a time, for the test driver.)
    @discardableResult
    func runOnce(timeoutMs: Int) throws -> Int {
        tasks.retryFailedTasks()  // first: a reopened task's records come with this poll
        let batches = try consumer.poll(maxRecords: configuration.pollMaxRecords, timeoutMs: timeoutMs)
        for batch in batches {
            guard let task = tasks.task(for: batch.topicPartition) else { continue }
            task.process(batch)
            guard let failure = task.failure else { continue }
            try failTasks([task.id], because: failure, transactionOpen: true, beginNext: true)
            // Exactly-once reopened every task at its last commit: the rest of this poll is read again.
            if transactions != nil { break }
        }
        for task in tasks.tasks { task.punctuateWallClock() }
        tasks.rewindStalledInputs()
        return batches.reduce(0) { $0 + $1.count }
    }

    /// Flushes caches to changelogs and sinks and waits until the log has them; then appends commit
    /// markers and waits again; then writes the stores with their applied offsets and changelog
    /// checkpoints, and commits the consumer group's offsets. Under exactly-once the transaction
    /// (with the offsets) commits before the stores are written, and the next one begins.
    ///
    /// A commit that fails in a task's own part (a sink that stays down or refuses a whole batch,
    /// a store that cannot be written) does not stop the thread: the tasks it commits reopen from
    /// their last commit after a backoff (`failTasks`). A transport error is thrown (under
    /// exactly-once, one that aborts the transaction is undone instead).
    func commit(beginNext: Bool = true) throws {
        let pending = tasks.tasks.filter(\.needsCommit)
        guard !pending.isEmpty else { return }
        let start = DispatchTime.now().uptimeNanoseconds
        let offsets = pending.reduce(into: [TopicPartition: Int64]()) { all, task in
            all.merge(task.positions) { _, new in new }
        }
        /// Whether the group took the offsets: only then may records below them be purged (a
        /// refused commit may mean another member owns the partitions and resumes from older ones).
        var accepted = false
        /// Whether the transaction (exactly-once) still holds this commit's records.
        var transactionOpen = true
        do {
            for task in pending { try ownWork { try task.flushRecords() } }
            try producer.flush()
            for task in pending { task.writeMarkers() }
            try producer.flush()
            if let transactions {
                try transactions.commitTransaction(offsets: offsets, consumer: consumer)
                transactionOpen = false
                accepted = true
                for task in pending { try ownWork { try task.commitState(transport: tasks.transport) } }
                if beginNext { try transactions.beginTransaction() }
            } else {
                for task in pending { try ownWork { try task.commitState(transport: tasks.transport) } }
                accepted = try commitGroupOffsets(offsets)
            }
        } catch let failure as TaskWorkFailed {
            try failTasks(
                pending.map(\.id), because: failure.error, transactionOpen: transactionOpen, beginNext: beginNext)
            return
        } catch let error as StreamrunError where transactions != nil && error.code != .fenced {
            try undoTransaction(because: error, beginNext: beginNext)
            return
        }
        tasks.committed(pending.map(\.id))
        metrics.recordCommit(.nanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start)))
        if accepted { purgeRepartitionTopics(committed: offsets) }
    }

    /// Deletes what commits made of repartition topics unneeded; a failure only delays it (the
    /// next purge asks for at least as much).
    private func purgeRepartitionTopics(committed offsets: [TopicPartition: Int64]) {
        guard let due = purge.committed(offsets, now: DispatchTime.now().uptimeNanoseconds) else { return }
        do {
            try tasks.transport.deleteRecords(before: due)
            purge.deleted(due)
        } catch {
            logger.warning("committed repartition records not deleted (the next purge retries): \(error)")
        }
    }

    /// Commits the group's offsets; false when the group refused them because it is rebalancing.
    private func commitGroupOffsets(_ offsets: [TopicPartition: Int64]) throws -> Bool {
        do {
            try consumer.commit(offsets)
            return true
        } catch let error as StreamrunError where error.code == .notMember {
            // The state and the changelog markers hold these offsets; the group's copy waits for
            // the rebalance under way (the next commit, or the new owner's restore, has them).
            logger.warning("group offsets not committed, the group is rebalancing: \(error)")
            return false
        }
    }

    /// Exactly-once: a commit that failed before its transaction committed leaves nothing behind.
    /// The transaction is aborted (unless it was already) and every task starts again from its
    /// last commit, so what it processed since is processed again, once.
    private func undoTransaction(because error: StreamrunError, beginNext: Bool) throws {
        logger.warning("transaction not committed, processing again from the last commit: \(error)")
        if error.code != .transactionAborted { try transactions?.abortTransaction() }
        tasks.reopenAll()
        if beginNext { try transactions?.beginTransaction() }
    }

    /// What a task's own part of a commit threw (its sinks, its stores), as opposed to the
    /// transport's: the tasks fail and reopen instead of the thread stopping.
    private struct TaskWorkFailed: Error {
        let error: any Error
    }

    /// Runs a task's own part of a commit; what it throws, unless the transport threw it (a
    /// delivery report), is a `TaskWorkFailed`.
    private func ownWork(_ body: () throws -> Void) throws {
        do { try body() } catch let error as StreamrunError where error.isTransportFailure {
            throw error
        } catch { throw TaskWorkFailed(error: error) }
    }

    /// Tasks failed for a reason that may pass: they close with nothing written and reopen from
    /// their last commit once a backoff has passed, while the other tasks go on (`TaskManager.failed`).
    /// At least once, the producer is flushed first, so that nothing the failed attempt sent can
    /// reach a changelog after the reopened task restored it. Under exactly-once the open
    /// transaction holds the other tasks' records too: it is aborted, and they start again from
    /// their last commit as well.
    private func failTasks(_ ids: [TaskId], because error: any Error, transactionOpen: Bool, beginNext: Bool) throws {
        logger.error(
            "task \(ids.sorted().map(\.description).joined(separator: ", ")) failed, reopening from the last commit after a backoff: \(error)"
        )
        if let transactions {
            if transactionOpen {
                try transactions.abortTransaction()
                tasks.reopenAll()
            }
            tasks.failed(ids, because: error)
            if beginNext { try transactions.beginTransaction() }
        } else {
            try producer.flush()
            tasks.failed(ids, because: error)
        }
    }

    func partitionsAssigned(_ partitions: [TopicPartition]) {
        tasks.partitionsAssigned(partitions)
    }

    func partitionsRevoked(_ partitions: [TopicPartition]) {
        do { try commit() } catch { logger.error("commit before revocation failed: \(error)") }
        tasks.partitionsRevoked(partitions)
    }

    /// Lost partitions may have another owner already: their tasks close dirty, with nothing
    /// flushed, no markers and no state written (Kafka Streams' `handleLostAll`). What they
    /// processed since their last commit is processed again by the new owner.
    func partitionsLost(_ partitions: [TopicPartition]) {
        logger.warning("partitions \(partitions.sorted()) were lost; closing their tasks without committing")
        tasks.partitionsRevoked(partitions)
        guard transactions != nil else { return }
        // The open transaction holds records of the lost tasks too: none of it may commit.
        do {
            try undoTransaction(because: StreamrunError("partitions \(partitions.sorted()) were lost"), beginNext: true)
        } catch {
            logger.error("cannot abort the transaction of lost partitions: \(error)")
        }
    }
}

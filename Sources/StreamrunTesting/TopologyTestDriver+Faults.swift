public import StreamrunEngine
public import TopologyDSL

extension TopologyTestDriver {
    /// Runs a commit of `instance` (the first one by default) and kills the instance right after
    /// `step`, as a process dying there would: its tasks close with nothing more written, what its
    /// producer had queued is lost, and its local state goes too (unless `localStateOnCrash` keeps
    /// it). The instance starts again at once, restores its stores from the changelogs (applying
    /// only what commit markers cover), and processes on from the offsets its restored state
    /// reflects, so no input is applied twice; then the driver processes until idle.
    @discardableResult
    public func crash(at step: CommitStep, instance: String? = nil) throws -> CrashReport {
        let id = try instanceId(instance)
        guard let running = running[id] else { throw TestDriverError("instance '\(id)' is not running") }
        let commitsBefore = running.metrics.commits.current
        log.armedCrash = ArmedCrash(member: id, step: step)
        var reached: Bool
        do {
            defer { log.armedCrash = nil }
            try running.commit()
            reached = step == .afterOffsetCommit && running.metrics.commits.current > commitsBefore
        } catch is SimulatedCrash {
            reached = true
        } catch {
            try restart(id)
            throw TestDriverError(
                "the commit of \(id) failed before it reached \(step) (restarted from its last commit): \(error)",
                code: .commitFailed)
        }
        try restart(id)
        try runUntilIdle()
        return CrashReport(instance: id, step: step, reachedStep: reached)
    }

    /// Kills `instance` between two commits: what it processed since its last commit is lost and
    /// processed again once it has restarted and restored its stores.
    @discardableResult
    public func crash(instance: String? = nil) throws -> CrashReport {
        let id = try instanceId(instance)
        guard running[id] != nil else { throw TestDriverError("instance '\(id)' is not running") }
        try restart(id)
        try runUntilIdle()
        return CrashReport(instance: id, step: nil, reachedStep: true)
    }

    /// Compacts `topic` (a compacted topic: a changelog, or one declared compacted) as Kafka's log
    /// cleaner would at its most thorough: only the newest record of each key stays, tombstones go
    /// too, offsets do not change. As the runner configures its log, a changelog partition is only
    /// compacted up to its newest commit marker (Kafka's last stable offset). Returns the records
    /// before and after, over all partitions.
    @discardableResult
    public func compact(topic: String) throws -> (before: Int, after: Int) {
        guard let declared = log.topics[topic] else { throw TestDriverError("unknown topic '\(topic)'") }
        guard declared.spec.compacted else {
            throw TestDriverError("topic '\(topic)' is not compacted (cleanup.policy=delete)")
        }
        return declared.partitions.reduce((0, 0)) { total, partition in
            let counts = partition.compact(barrierKeys: CommitMarker.compactionBarrierKeys)
            return (total.0 + counts.before, total.1 + counts.after)
        }
    }

    /// Compacts every compacted topic of the topology (its changelogs among them).
    public func compactAll() throws {
        for topic in log.topics.values where topic.spec.compacted { try compact(topic: topic.spec.name) }
    }

    /// Moves `task` to `instance` (started and joining the group if it is new): at the next polls its
    /// owner commits and closes it, as a revocation does, and then `instance` opens it, restoring
    /// its stores from the changelogs (and fencing the previous owner's epoch) before processing on.
    public func moveTask(_ task: TaskId, to instance: String) throws {
        guard graph.subtopologies.indices.contains(task.subtopology),
            (0..<graph.subtopologies[task.subtopology].partitions).contains(task.partition)
        else {
            throw TestDriverError("the topology has no task \(task)")
        }
        try addInstance(instance)
        let partitions = graph.subtopologies[task.subtopology].sourceTopics.map { TopicPartition($0, task.partition) }
        log.coordinator.move(partitions, to: instance)
        try runUntilIdle()
    }

    /// The instance that has `task` open, if one does.
    public func owner(of task: TaskId) -> String? {
        instances.first { running[$0]?.taskIds.contains(task) == true }
    }

    /// Makes the next `times` writes of the external sink step `step` fail as a database that is
    /// down does (`SinkError.transient`): the commit that writes fails, and the tasks it commits
    /// close and reopen from their last commit once their backoff has passed on the driver's clock
    /// (half a second, doubling with each failure until a commit succeeds), so the rows are written
    /// again later.
    public func failSink(_ step: String, times: Int = 1) throws {
        try recordedSink(step).failuresLeft += times
    }

    /// Makes the external sink step `step` refuse the row of `key` for good (`SinkError.rejected`,
    /// as a violated constraint): the row goes to the dead letters with `reason`, the rest is written.
    public func refuseSinkRows(_ step: String, key: Value, reason: String) throws {
        try recordedSink(step).refusals[key] = reason
    }

    private func instanceId(_ instance: String?) throws -> String {
        guard let id = instance ?? instances.first else { throw TestDriverError("the driver has no instance") }
        guard instances.contains(id) else { throw TestDriverError("unknown instance '\(id)'") }
        return id
    }
}

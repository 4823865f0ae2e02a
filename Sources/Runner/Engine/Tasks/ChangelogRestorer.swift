import Logging
import StreamrunStores
import TopologyDSL

/// Brings a task's stores up to date from their changelogs before it processes anything: replays
/// each changelog from the store's checkpoint, applying only records covered by a commit marker,
/// and recovers the input offsets (and the applied origins of repartition inputs) that the
/// restored state reflects, so no input is applied twice.
///
/// Records of a commit cut short by a crash (after the last marker, with no newer marker in any
/// changelog) are never applied, and the restorer overwrites them in the changelog with the
/// restored values before the task goes on. So every record before a marker is either part of a
/// complete commit or followed by its correction, and a changelog whose older markers were
/// compacted away restores exactly: from the start, everything before the first marker seen
/// applies; after a marker, a marker's `coverageStart` tells where its commit's records begin.
///
/// Fencing: on a log that several members share, the restorer gives the task's new owner an
/// epoch above every marker's it read (and at least the group's generation), appends a fence of
/// that epoch to every changelog, and reads on up to the fence (a commit that a zombie, a member
/// that lost the task without noticing, completed meanwhile is part of the state). A marker of an
/// older epoch after a fence is a zombie's: restore ignores it, and the records it would cover are
/// those of a commit that never completed.
struct ChangelogRestorer {
    let transport: any LogTransport
    let producer: any LogProducer
    let logger: Logger
    static let batchSize = 10_000

    /// What restoring found: the state's input offsets, origins and sequence, each changelog's
    /// new checkpoint, and the epoch the task's markers carry from now on.
    struct Outcome {
        var positions: [TopicPartition: Int64]?
        var origins: [OriginKey: OriginPosition] = [:]
        var sequence: Int64
        /// The task's stream time as the restored commit recorded it (-1 if none did).
        var streamTime: Int64 = -1
        var checkpoints: [String: Int64] = [:]
        var records = 0
        var epoch: Int64 = 0
        /// Markers of fenced writers that were ignored.
        var fencedMarkers = 0
    }

    /// One store's changelog as replayed so far: the last marker seen and the records after it.
    private struct Replay {
        let store: StateStore
        var lastMarker: CommitMarker?
        /// The sequence of the last commit this changelog holds completely (fences complete none).
        var lastCommit: Int64?
        var afterLastMarker: Int64
        /// Records after the last marker, not (yet) covered by one.
        var pending: [(offset: Int64, record: ChangelogRecord)] = []
        /// Where reading goes on.
        var next: Int64
        /// The newest writer epoch among the markers read (the state's own, when replay starts
        /// from its checkpoint: it reflects the markers before).
        var newestEpoch: Int64
        /// The sequence of the last marker, when the marker before it was seen too (a replay from
        /// a checkpoint starts right after the local state's marker); nil while markers in between
        /// may have been compacted away.
        var previous: Int64?

        var trailing: [ChangelogRecord] { pending.map(\.record) }
    }

    /// Restores `task`'s stores. `fencingGeneration` is the group's generation on a log several
    /// members share (nil on a log with a single writer): the task then takes a new epoch and
    /// fences every earlier writer.
    func restore(_ task: TaskId, state: TaskState, fencingGeneration: Int64? = nil) throws -> Outcome {
        var outcome = Outcome(positions: nil, sequence: try state.sequence(), epoch: try state.epoch())
        var ranges: [(store: StateStore, from: Int64, end: Int64)] = []
        for store in state.stores {
            let end = try transport.endOffset(of: changelog(store, task))
            ranges.append((store, try state.restoreStart(of: store), end))
        }
        if ranges.contains(where: { $0.from > $0.end }) {
            logger.warning(
                "task \(task): local state is ahead of its changelogs (were the topics recreated?); rebuilding it")
            for store in state.stores { try store.backend.clear() }
            try state.clearMetadata()
            ranges = ranges.map { ($0.store, 0, $0.end) }
            outcome.sequence = 0
            outcome.epoch = 0
        }
        guard fencingGeneration != nil || ranges.contains(where: { $0.from < $0.end }) else { return outcome }
        var replays: [Replay] = []
        for range in ranges {
            var replay = Replay(
                store: range.store, afterLastMarker: range.from, next: range.from,
                newestEpoch: range.from > 0 ? outcome.epoch : 0,
                previous: range.from > 0 ? outcome.sequence : nil)
            try read(&replay, task, to: range.end, state: state, outcome: &outcome)
            replays.append(replay)
        }
        let newest = replays.reduce(outcome.epoch) { max($0, $1.newestEpoch) }
        outcome.epoch = newest
        let local = outcome.sequence
        if let fencingGeneration {
            outcome.epoch = max(newest + 1, fencingGeneration)
            var fence = try basis(of: replays, local: local, state: state, epoch: outcome.epoch)
            fence.isFence = true
            for index in replays.indices {
                let at = try append(fence, to: replays[index].store, task)
                // What a zombie completed before the fence landed is part of the state.
                try read(&replays[index], task, to: at, state: state, outcome: &outcome)
                replays[index].next = at + 1
            }
        }
        // The marker every repaired changelog gets: the newest commit's, or what the local state holds.
        let basis = try basis(of: replays, local: local, state: state, epoch: outcome.epoch)
        if replays.contains(where: { $0.lastMarker != nil }) {
            outcome.positions = basis.positions
            outcome.origins = basis.origins
            outcome.sequence = max(outcome.sequence, basis.sequence)
        }
        outcome.streamTime = basis.streamTime
        var corrections: [(store: StateStore, records: [ChangelogRecord])] = []
        for replay in replays {
            let store = replay.store
            outcome.checkpoints[store.name] = replay.next
            if (replay.lastCommit ?? local) < basis.sequence {
                // Every commit's records are durable before any of its markers: a changelog that lacks the
                // newest marker holds that commit's records after its own last marker. Apply them and
                // write the missing marker, so all changelogs agree.
                for record in replay.trailing { try store.stage(record.key, record.value, timestamp: record.timestamp) }
                outcome.records += replay.pending.count
                var marker = basis
                marker.coverageStart = replay.afterLastMarker
                outcome.checkpoints[store.name] = try append(marker, to: store, task) + 1
            } else if !replay.pending.isEmpty {
                corrections.append((store, replay.trailing))
            }
        }
        if !corrections.isEmpty {
            // Records of a commit that never completed: the restored state wins. Commit it, then
            // write each such key's restored value (or a tombstone) after them, and a marker.
            try state.commit(offsets: [:])
            for (store, records) in corrections {
                let start = try transport.endOffset(of: changelog(store, task))
                var seen = Set<StoreKey>()
                for record in records where seen.insert(StoreKey(record.key)).inserted {
                    let restored = try store.committed(record.key)
                    producer.produce(
                        OutgoingRecord(
                            topic: store.declaration.changelogTopic, partition: task.partition,
                            key: record.key, value: try restored.map { try store.valueSerde.serialize($0.value) },
                            timestamp: restored?.timestamp ?? record.timestamp), delivery: nil)
                }
                var marker = basis
                marker.coverageStart = start
                outcome.checkpoints[store.name] = try append(marker, to: store, task) + 1
                let topic = store.declaration.changelogTopic
                logger.warning(
                    "task \(task): \(seen.count) keys of \(topic) written by a commit that did not complete were overwritten with their restored values"
                )
            }
        }
        if fencingGeneration != nil {
            // The closing fence holds the restored state, so compaction cannot lose it to a zombie's marker.
            var fence = basis
            fence.isFence = true
            for store in state.stores { outcome.checkpoints[store.name] = try append(fence, to: store, task) + 1 }
        }
        try state.commit(
            offsets: outcome.positions ?? [:], origins: outcome.origins, checkpoints: outcome.checkpoints,
            sequence: outcome.sequence, epoch: outcome.epoch, streamTime: outcome.streamTime)
        let fenced = outcome.fencedMarkers > 0 ? "; ignored \(outcome.fencedMarkers) markers of fenced writers" : ""
        logger.info(
            "task \(task): restored \(outcome.records) changelog records up to commit \(outcome.sequence), epoch \(outcome.epoch)\(fenced)"
        )
        return outcome
    }

    /// The newest commit the replays found (repair markers and fences repeat their commit's
    /// sequence; the newer epoch's was written last), or what the local state holds, as a marker of `epoch`.
    private func basis(of replays: [Replay], local: Int64, state: TaskState, epoch: Int64) throws -> CommitMarker {
        var basis =
            try replays.compactMap(\.lastMarker).max { ($0.sequence, $0.epoch) < ($1.sequence, $1.epoch) }
            ?? CommitMarker(
                sequence: local, coverageStart: 0, positions: state.appliedOffsets(), origins: state.appliedOrigins(),
                streamTime: state.streamTime())
        basis.epoch = epoch
        basis.isFence = false
        return basis
    }

    /// Appends `marker` to `store`'s changelog, waits until it is durable, and returns its offset.
    private func append(_ marker: CommitMarker, to store: StateStore, _ task: TaskId) throws -> Int64 {
        let offset = Locked<Int64?>(nil)
        producer.produce(
            OutgoingRecord(
                topic: store.declaration.changelogTopic, partition: task.partition,
                key: marker.recordKey, value: marker.encoded(), timestamp: 0)
        ) { result in
            if case .success(let metadata) = result, metadata.offset >= 0 { offset.withLock { $0 = metadata.offset } }
        }
        try producer.flush()
        return try transport.offset(after: offset.withLock { $0 }, in: changelog(store, task)) - 1
    }

    /// A store's change as its changelog holds it: the value (nil = deleted) and its timestamp.
    struct ChangelogRecord {
        var key: [UInt8]
        var value: [UInt8]?
        var timestamp: Int64
    }

    private func changelog(_ store: StateStore, _ task: TaskId) -> TopicPartition {
        TopicPartition(store.declaration.changelogTopic, task.partition)
    }

    /// Reads `replay`'s changelog on up to `end`, applying what markers cover.
    private func read(
        _ replay: inout Replay, _ task: TaskId, to end: Int64, state: TaskState,
        outcome: inout Outcome
    ) throws {
        let store = replay.store
        guard replay.next < end else { return }
        var staged = 0
        try PartitionReplay(transport: transport, partition: changelog(store, task)).read(
            from: replay.next, to: end,
            { view in
                guard let key = view.key else { return }
                guard CommitMarker.isMarker(key) else {
                    replay.pending.append(
                        (
                            view.offset,
                            ChangelogRecord(
                                key: Array(key), value: view.value.map { Array($0) },
                                timestamp: view.timestamp)
                        ))
                    return
                }
                guard let marker = view.value.flatMap({ CommitMarker($0) }) else {
                    logger.warning(
                        "task \(task): ignoring an unreadable commit marker at \(changelog(store, task))@\(view.offset)"
                    )
                    return
                }
                guard marker.epoch >= replay.newestEpoch else {
                    logger.warning(
                        "task \(task): ignoring the commit marker at \(changelog(store, task))@\(view.offset) of a fenced writer (epoch \(marker.epoch), after epoch \(replay.newestEpoch))"
                    )
                    outcome.fencedMarkers += 1
                    return
                }
                replay.newestEpoch = marker.epoch
                // Repair markers and fences repeat the sequence of the commit they complete or hold.
                // Where markers in between were compacted away, everything pending belongs to complete
                // or corrected commits.
                let coverageKnown = replay.previous.map { marker.sequence <= $0 + 1 } ?? false
                replay.previous = marker.sequence
                replay.lastMarker = marker
                // A fence completes no commit: with the coverage known, what is pending stays pending
                // (a commit cut short, corrected after the fence).
                if marker.isFence && coverageKnown { return }
                for record in replay.pending where !coverageKnown || record.offset >= marker.coverageStart {
                    try store.stage(record.record.key, record.record.value, timestamp: record.record.timestamp)
                    staged += 1
                }
                replay.pending.removeAll(keepingCapacity: true)
                replay.lastCommit = marker.sequence
                replay.afterLastMarker = view.offset + 1
            },
            afterBatch: {
                guard staged >= Self.batchSize else { return }
                try state.commit(offsets: [:])
                outcome.records += staged
                staged = 0
            })
        outcome.records += staged
        replay.next = end
    }
}

import Logging
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
struct ChangelogRestorer {
    let transport: LogTransport
    let producer: LogProducer
    let logger: Logger
    static let batchSize = 10_000

    /// What restoring found: the state's input offsets, origins and sequence, and each changelog's new checkpoint.
    struct Outcome {
        var positions: [TopicPartition: Int64]?
        var origins: [OriginKey: OriginPosition] = [:]
        var sequence: Int64
        var checkpoints: [String: Int64] = [:]
        var records = 0
    }

    /// One store's changelog after replay: the last marker seen and the records after it.
    private struct Replay {
        var lastMarker: CommitMarker?
        var afterLastMarker: Int64
        var trailing: [(key: [UInt8], value: [UInt8]?)] = []
        var end: Int64
    }

    func restore(_ task: TaskId, state: TaskState) throws -> Outcome {
        var outcome = Outcome(positions: nil, sequence: try state.sequence())
        var ranges: [(store: StateStore, from: Int64, end: Int64)] = []
        for store in state.stores {
            let end = try transport.endOffset(of: changelog(store, task))
            ranges.append((store, try state.restoreStart(of: store), end))
        }
        if ranges.contains(where: { $0.from > $0.end }) {
            logger.warning("task \(task): local state is ahead of its changelogs (were the topics recreated?); rebuilding it")
            for store in state.stores { try store.backend.clear() }
            try state.clearMetadata()
            ranges = ranges.map { ($0.store, 0, $0.end) }
            outcome.sequence = 0
        }
        guard ranges.contains(where: { $0.from < $0.end }) else { return outcome }
        var replays: [Replay] = []
        for range in ranges {
            let replay = try replay(range.store, task, from: range.from, to: range.end, state: state, outcome: &outcome)
            replays.append(replay)
        }
        let local = outcome.sequence
        let last = replays.compactMap(\.lastMarker).max { $0.sequence < $1.sequence }
        if let last {
            outcome.positions = last.positions
            outcome.origins = last.origins
            outcome.sequence = max(outcome.sequence, last.sequence)
        }
        // The marker every repaired changelog gets: the newest commit's, or what the local state holds.
        let basis = try last ?? CommitMarker(sequence: local, coverageStart: 0,
                                             positions: state.appliedOffsets(), origins: state.appliedOrigins())
        var corrections: [(store: StateStore, records: [(key: [UInt8], value: [UInt8]?)])] = []
        for (range, replay) in zip(ranges, replays) {
            outcome.checkpoints[range.store.name] = replay.end
            if (replay.lastMarker?.sequence ?? local) < basis.sequence {
                // Every commit's records are durable before any of its markers: a changelog that lacks the
                // newest marker holds that commit's records after its own last marker. Apply them and
                // write the missing marker, so all changelogs agree.
                for record in replay.trailing { try stage(record, into: range.store) }
                outcome.records += replay.trailing.count
                try appendMarker(basis, coverageStart: replay.afterLastMarker, to: range.store, task)
                outcome.checkpoints[range.store.name] = try transport.endOffset(of: changelog(range.store, task))
            } else if !replay.trailing.isEmpty {
                corrections.append((range.store, replay.trailing))
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
                    let value = try store.backend.read(record.key, serde: store.valueSerde).map { try store.valueSerde.serialize($0) }
                    producer.produce(OutgoingRecord(topic: store.declaration.changelogTopic, partition: task.partition,
                                                    key: record.key, value: value, timestamp: 0), delivery: nil)
                }
                try appendMarker(basis, coverageStart: start, to: store, task)
                outcome.checkpoints[store.name] = try transport.endOffset(of: changelog(store, task))
                let topic = store.declaration.changelogTopic
                logger.warning("task \(task): \(seen.count) keys of \(topic) written by a commit that did not complete were overwritten with their restored values")
            }
        }
        try state.commit(offsets: outcome.positions ?? [:], origins: outcome.origins, checkpoints: outcome.checkpoints,
                         sequence: outcome.sequence)
        logger.info("task \(task): restored \(outcome.records) changelog records up to commit \(outcome.sequence)")
        return outcome
    }

    /// Appends a copy of `basis` whose coverage starts at `coverageStart`, and waits until it is durable.
    private func appendMarker(_ basis: CommitMarker, coverageStart: Int64, to store: StateStore, _ task: TaskId) throws {
        var marker = basis
        marker.coverageStart = coverageStart
        producer.produce(OutgoingRecord(topic: store.declaration.changelogTopic, partition: task.partition,
                                        key: CommitMarker.key, value: marker.encoded(), timestamp: 0), delivery: nil)
        try producer.flush()
    }

    private func changelog(_ store: StateStore, _ task: TaskId) -> TopicPartition {
        TopicPartition(store.declaration.changelogTopic, task.partition)
    }

    private func stage(_ record: (key: [UInt8], value: [UInt8]?), into store: StateStore) throws {
        if let value = record.value { try store.backend.stagePut(record.key, value) } else {
            try store.backend.stageDelete(record.key)
        }
    }

    /// Reads one changelog partition from `from` to `end`, applying what markers cover.
    private func replay(_ store: StateStore, _ task: TaskId, from: Int64, to end: Int64, state: TaskState,
                        outcome: inout Outcome) throws -> Replay {
        var replay = Replay(lastMarker: nil, afterLastMarker: from, end: end)
        guard from < end else { return replay }
        var pending: [(offset: Int64, key: [UInt8], value: [UInt8]?)] = []
        var staged = 0
        // A marker's coverage start tells where its commit's records begin only when the marker
        // before it was seen (a replay from a checkpoint starts right after the local state's
        // marker). Where markers in between were compacted away (from the start of a changelog, or
        // after the task ran elsewhere), everything pending belongs to complete or corrected commits.
        var previous: Int64? = from > 0 ? try state.sequence() : nil
        try PartitionReplay(transport: transport, partition: changelog(store, task)).read(from: from, to: end, { view in
            guard let key = view.key else { return }
            guard CommitMarker.isMarker(key) else {
                pending.append((view.offset, Array(key), view.value.map { Array($0) }))
                return
            }
            guard let marker = view.value.flatMap({ CommitMarker($0) }) else {
                logger.warning("task \(task): ignoring an unreadable commit marker at \(changelog(store, task))@\(view.offset)")
                return
            }
            // Repair markers repeat the sequence of the commit they complete.
            let coverageKnown = previous.map { marker.sequence <= $0 + 1 } ?? false
            for record in pending where !coverageKnown || record.offset >= marker.coverageStart {
                try stage((record.key, record.value), into: store)
                staged += 1
            }
            pending.removeAll(keepingCapacity: true)
            previous = marker.sequence
            replay.lastMarker = marker
            replay.afterLastMarker = view.offset + 1
        }, afterBatch: {
            guard staged >= Self.batchSize else { return }
            try state.commit(offsets: [:])
            outcome.records += staged
            staged = 0
        })
        outcome.records += staged
        replay.trailing = pending.map { ($0.key, $0.value) }
        return replay
    }
}

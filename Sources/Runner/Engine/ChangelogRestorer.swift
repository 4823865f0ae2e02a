import Logging
import TopologyDSL

/// Brings a task's stores up to date from their changelogs before it processes anything: replays
/// each changelog from the store's checkpoint, applying only records covered by a commit marker
/// (records of a commit cut short by a crash are skipped), and recovers the input offsets that the
/// restored state reflects, so no input is applied twice.
struct ChangelogRestorer {
    let transport: LogTransport
    let producer: LogProducer
    let logger: Logger
    static let batchSize = 10_000

    /// What restoring found: the state's input offsets and sequence, and each changelog's new checkpoint.
    struct Outcome {
        var positions: [TopicPartition: Int64]?
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
            ranges.append((store, try state.checkpoint(of: store), end))
        }
        if ranges.contains(where: { $0.from > $0.end }) {
            logger.warning("task \(task): local state is ahead of its changelogs (were the topics recreated?); rebuilding it")
            for store in state.stores { try store.backend.clear() }
            ranges = ranges.map { ($0.store, 0, $0.end) }
            outcome.sequence = 0
        }
        guard ranges.contains(where: { $0.from < $0.end }) else { return outcome }
        var replays: [Replay] = []
        for range in ranges {
            let replay = try replay(range.store, task, from: range.from, to: range.end, state: state, outcome: &outcome)
            replays.append(replay)
        }
        let last = replays.compactMap(\.lastMarker).max { $0.sequence < $1.sequence }
        if let last {
            outcome.positions = last.positions
            outcome.sequence = max(outcome.sequence, last.sequence)
        }
        for (range, replay) in zip(ranges, replays) {
            outcome.checkpoints[range.store.name] = replay.end
            // Every commit's records are durable before any of its markers: a changelog that lacks the
            // newest marker holds that commit's records after its own last marker. Apply them and
            // write the missing marker, so all changelogs agree.
            guard let last, (replay.lastMarker?.sequence ?? outcome.sequence) < last.sequence else { continue }
            for record in replay.trailing { try stage(record, into: range.store) }
            outcome.records += replay.trailing.count
            let repair = CommitMarker(sequence: last.sequence, coverageStart: replay.afterLastMarker, positions: last.positions)
            producer.produce(OutgoingRecord(topic: range.store.declaration.changelogTopic, partition: task.partition,
                                            key: CommitMarker.key, value: repair.encoded(), timestamp: 0), delivery: nil)
            try producer.flush()
            outcome.checkpoints[range.store.name] = try transport.endOffset(of: changelog(range.store, task))
        }
        try state.commit(offsets: outcome.positions ?? [:], checkpoints: outcome.checkpoints, sequence: outcome.sequence)
        logger.info("task \(task): restored \(outcome.records) changelog records up to commit \(outcome.sequence)")
        return outcome
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
        try PartitionReplay(transport: transport, partition: changelog(store, task)).read(from: from, to: end, { view in
            guard let key = view.key else { return }
            guard CommitMarker.isMarker(key) else {
                pending.append((view.offset, Array(key), view.value.map { Array($0) }))
                return
            }
            guard let marker = view.value.flatMap({ CommitMarker($0) }) else { return }
            for record in pending where record.offset >= marker.coverageStart {
                try stage((record.key, record.value), into: store)
                staged += 1
            }
            pending.removeAll(keepingCapacity: true)
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

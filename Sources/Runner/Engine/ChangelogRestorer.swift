import Logging
import TopologyDSL

/// Rebuilds a task's stores from their changelog topics when the local state is missing.
struct ChangelogRestorer {
    let transport: LogTransport
    let logger: Logger
    static let batchSize = 10_000

    /// Replays each store's changelog partition from the start to its end offset; returns the record count.
    func restore(_ task: TaskId, state: TaskState) throws -> Int {
        var total = 0
        for store in state.stores {
            guard state.isNew || store.declaration.kind == .memory else { continue }
            let partition = TopicPartition(store.declaration.changelogTopic, task.partition)
            let end = try transport.endOffset(of: partition)
            guard end > 0 else { continue }
            try store.backend.clear()
            let consumer = try transport.makeConsumer(group: nil)
            defer { consumer.close() }
            consumer.assign([partition: 0])
            var position: Int64 = 0
            var staged = 0
            while position < end {
                for batch in try consumer.poll(maxRecords: Self.batchSize, timeoutMs: 200) {
                    try batch.forEach { view in
                        guard let key = view.key, view.offset < end else { return }
                        if let value = view.value { try store.backend.stagePut(Array(key), Array(value)) } else {
                            try store.backend.stageDelete(Array(key))
                        }
                        staged += 1
                    }
                    position = max(position, batch.nextOffset)
                }
                if staged >= Self.batchSize {
                    try state.commit(offsets: [:])
                    total += staged
                    staged = 0
                }
            }
            try state.commit(offsets: [:])
            total += staged
            logger.info("restored store \(store.name) of task \(task) from \(partition): \(end) changelog records")
        }
        return total
    }
}

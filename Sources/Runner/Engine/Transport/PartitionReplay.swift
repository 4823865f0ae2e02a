package import Foundation

/// Reads one partition from an offset up to an end offset outside any group (restores, the
/// registry's `_schemas`), giving up with an error when it makes no progress for `stallSeconds`
/// (a broker that went away must not hang startup or shutdown).
package struct PartitionReplay {
    package let transport: any LogTransport
    let partition: TopicPartition
    var stallSeconds: TimeInterval

    package init(transport: any LogTransport, partition: TopicPartition, stallSeconds: TimeInterval = 30) {
        self.transport = transport
        self.partition = partition
        self.stallSeconds = stallSeconds
    }

    /// Calls `body` for each record in `[from, end)`, batch by batch; `afterBatch` runs after each poll.
    package func read(
        from: Int64, to end: Int64, _ body: (ConsumedRecordView) throws -> Void,
        afterBatch: () throws -> Void = {}
    ) throws {
        guard from < end else { return }
        let consumer = try transport.makeConsumer(group: nil)
        defer { consumer.close() }
        consumer.assign([partition: from])
        var position = from
        var lastProgress = Date()
        while position < end {
            let before = position
            for batch in try consumer.poll(maxRecords: 10_000, timeoutMs: 500) {
                try batch.forEach { view in
                    guard view.offset < end else { return }
                    try body(view)
                }
                position = max(position, batch.nextOffset)
            }
            // Transaction markers (and aborted records) occupy offsets no record is read at: the
            // consumer's position moves past them.
            if let next = consumer.position(partition) { position = max(position, min(next, end)) }
            try afterBatch()
            if position > before {
                lastProgress = Date()
            } else if Date().timeIntervalSince(lastProgress) > stallSeconds {
                throw StreamrunError(
                    "reading \(partition) stalled at offset \(position) of \(end) for \(Int(stallSeconds)) s")
            }
        }
    }
}

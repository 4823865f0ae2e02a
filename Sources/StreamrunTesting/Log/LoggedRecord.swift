import StreamrunEngine

/// A record as the driver's log holds it: its offset in its partition and its place in the order
/// of every append to the log (outputs are read in that order, across partitions).
struct LoggedRecord {
    let offset: Int64
    let sequence: UInt64
    let key: [UInt8]?
    let value: [UInt8]?
    let timestamp: Int64
    let headers: [(String, [UInt8])]
}

/// One partition of a topic of the driver's log: records in offset order (with gaps once it is
/// compacted), from its log start offset (raised by `deleteRecords`) to its end offset.
final class LoggedPartition {
    private(set) var records: [LoggedRecord] = []
    private(set) var startOffset: Int64 = 0
    private(set) var endOffset: Int64 = 0

    func append(_ record: OutgoingRecord, sequence: UInt64) -> Int64 {
        let offset = endOffset
        records.append(
            LoggedRecord(
                offset: offset, sequence: sequence, key: record.key, value: record.value,
                timestamp: record.timestamp, headers: record.headers))
        endOffset += 1
        return offset
    }

    /// Up to `maxRecords` records from the first at or after `offset` (and the log start offset).
    func read(from offset: Int64, maxRecords: Int) -> ArraySlice<LoggedRecord> {
        let first = index(atOrAfter: max(offset, startOffset))
        return records[first..<min(records.count, first + max(0, maxRecords))]
    }

    /// Kafka's DeleteRecords: records below `offset` are gone; returns the new log start offset.
    func deleteRecords(before offset: Int64) -> Int64 {
        let target = min(max(offset, startOffset), endOffset)
        records.removeSubrange(0..<index(atOrAfter: target))
        startOffset = target
        return startOffset
    }

    /// Keeps only the newest record of each key (records without a key stay), then drops the
    /// tombstones; offsets do not change. With `barrierKeys` (Kafka's last stable offset, as the
    /// runner sets it for changelogs: commit markers), only records up to the newest record with
    /// one of those keys are compacted; the ones after it stay and never count as newer versions.
    func compact(barrierKeys: [[UInt8]]) -> (before: Int, after: Int) {
        let before = records.count
        let barrier = records.last { $0.key.map(barrierKeys.contains) ?? false }?.offset ?? Int64.max
        var newest: [[UInt8]: Int64] = [:]
        for record in records where record.offset <= barrier { if let key = record.key { newest[key] = record.offset } }
        records.removeAll { record in
            guard record.offset <= barrier, let key = record.key else { return false }
            return newest[key] != record.offset || record.value == nil
        }
        return (before, records.count)
    }

    private func index(atOrAfter offset: Int64) -> Int {
        var low = 0
        var high = records.count
        while low < high {
            let middle = (low + high) / 2
            if records[middle].offset < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

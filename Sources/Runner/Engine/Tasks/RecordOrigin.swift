import StreamrunStores

/// Where a record on a repartition topic came from: the input partition of the task that
/// produced it (its `source`), the input offset, and the record's index among the outputs of that
/// input record. A producing task that replays its input after a crash sends the same records with
/// the same origins, so the task that reads them can recognise and skip what it has applied.
///
/// Carried in the `streamrun.origin` header as offset (8 bytes, big-endian), index (4 bytes), then
/// the source's bytes (`topic`, a zero byte, the partition number in decimal).
struct RecordOrigin: Equatable {
    static let header = "streamrun.origin"

    var position: OriginPosition
    var source: [UInt8]

    /// The source bytes naming an input partition.
    static func source(of partition: TopicPartition) -> [UInt8] {
        Array(partition.topic.utf8) + [0] + Array(String(partition.partition).utf8)
    }

    /// The header value for the record at `position` read from `source`.
    static func headerValue(_ position: OriginPosition, source: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(OriginPosition.byteCount + source.count)
        position.append(to: &out)
        out += source
        return out
    }

    /// Splits a header value into its position and the bytes of its source; nil if malformed.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> (OriginPosition, UnsafeRawBufferPointer)? {
        guard bytes.count > OriginPosition.byteCount else { return nil }
        return (OriginPosition(bytes), UnsafeRawBufferPointer(rebasing: bytes[OriginPosition.byteCount...]))
    }
}

/// An input offset and an output index: the order in which a producing task emits records.
struct OriginPosition: Comparable, Hashable, Sendable {
    var offset: Int64
    var index: Int32

    static func < (a: OriginPosition, b: OriginPosition) -> Bool {
        (a.offset, a.index) < (b.offset, b.index)
    }

    /// Encoded as the offset (8 bytes, big-endian) then the index (4 bytes).
    static let byteCount = 12

    init(offset: Int64, index: Int32) {
        self.offset = offset
        self.index = index
    }

    /// Reads the first `byteCount` bytes of `bytes` (the caller checked there are that many).
    init(_ bytes: UnsafeRawBufferPointer) {
        self.init(
            offset: BigEndian.int64(bytes, at: 0),
            index: Int32(truncatingIfNeeded: BigEndian.int64(bytes, at: 8, bytes: 4)))
    }

    func append(to out: inout [UInt8]) {
        BigEndian.append(offset, to: &out)
        BigEndian.append(Int64(index), to: &out, bytes: 4)
    }
}

/// A task's input partition (of a repartition topic) and one source that writes into it.
struct OriginKey: Hashable, Sendable {
    var input: TopicPartition
    var source: [UInt8]
}

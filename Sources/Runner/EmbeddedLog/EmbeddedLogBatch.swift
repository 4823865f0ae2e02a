public import StreamrunEngine

/// Records of one partition returned by one poll of the embedded log; the record views point
/// into the batch's own read buffer.
// @unchecked Sendable: immutable after init: `storage` is filled by the read that made the batch, only read after,
// and freed in deinit.
public final class EmbeddedLogBatch: RecordBatch, @unchecked Sendable {
    public let topicPartition: TopicPartition
    public let count: Int
    /// The offset of the first record (compaction leaves gaps: not always the offset asked for).
    public let firstOffset: Int64
    public let nextOffset: Int64
    private let storage: UnsafeMutableRawPointer
    private let start: Int
    private let end: Int

    init(
        topicPartition: TopicPartition, storage: UnsafeMutableRawPointer, start: Int, end: Int,
        count: Int, firstOffset: Int64, nextOffset: Int64
    ) {
        self.topicPartition = topicPartition
        self.storage = storage
        self.start = start
        self.end = end
        self.count = count
        self.firstOffset = firstOffset
        self.nextOffset = nextOffset
    }

    deinit { storage.deallocate() }

    /// A batch with no records that moves the reader to `nextOffset`, past offsets compaction or
    /// `deleteRecords` removed (Kafka's consumer moves its position past them the same way).
    static func empty(_ topicPartition: TopicPartition, at nextOffset: Int64) -> EmbeddedLogBatch {
        EmbeddedLogBatch(
            topicPartition: topicPartition, storage: UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 16),
            start: 0, end: 0, count: 0, firstOffset: nextOffset, nextOffset: nextOffset)
    }

    /// Bytes of the frames in this batch.
    public var byteCount: Int { end - start }

    public func forEach(_ body: (ConsumedRecordView) throws -> Void) rethrows {
        var at = start
        while at < end {
            let frame = UnsafeRawPointer(storage + at)
            try body(RecordFrame.view(frame))
            at += RecordFrame.frameLength(at: frame)
        }
    }

    public func forEach(header name: String, _ body: (ConsumedRecordView, UnsafeRawBufferPointer?) throws -> Void)
        rethrows
    {
        let wanted = Array(name.utf8)
        try forEachWithHeaders { view, headers in try body(view, headers.last(named: wanted)) }
    }

    /// Like `forEach`, also giving each record's headers (which `ConsumedRecordView` lacks).
    public func forEachWithHeaders(_ body: (ConsumedRecordView, RecordHeadersView) throws -> Void) rethrows {
        var at = start
        while at < end {
            let frame = UnsafeRawPointer(storage + at)
            try body(RecordFrame.view(frame), RecordHeadersView(frame + RecordFrame.headersStart(frame)))
            at += RecordFrame.frameLength(at: frame)
        }
    }
}

/// The headers of one consumed record, borrowed like the record's key and value.
public struct RecordHeadersView {
    private let block: UnsafeRawPointer

    init(_ block: UnsafeRawPointer) { self.block = block }

    public var count: Int { Int(RecordFrame.load(block, 0, as: Int32.self)) }

    /// Calls `body` with each header's name (UTF-8) and value, in order.
    public func forEach(_ body: (_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Void)
        rethrows
    {
        var at = 4
        for _ in 0..<count {
            let nameLength = Int(RecordFrame.load(block, at, as: Int32.self))
            let name = UnsafeRawBufferPointer(start: block + at + 4, count: nameLength)
            at += 4 + nameLength
            let valueLength = Int(RecordFrame.load(block, at, as: Int32.self))
            let value = UnsafeRawBufferPointer(start: block + at + 4, count: valueLength)
            at += 4 + valueLength
            try body(name, value)
        }
    }

    /// The value of the last header called `name` (UTF-8 bytes), if any.
    public func last(named name: [UInt8]) -> UnsafeRawBufferPointer? {
        var found: UnsafeRawBufferPointer?
        forEach { header, value in
            if header.count == name.count && header.elementsEqual(name) { found = value }
        }
        return found
    }

    /// Copies the headers out.
    public func decoded() -> [(String, [UInt8])] {
        var headers: [(String, [UInt8])] = []
        forEach { name, value in headers.append((String(decoding: name, as: UTF8.self), Array(value))) }
        return headers
    }
}

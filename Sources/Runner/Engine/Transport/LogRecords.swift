/// A record to append to a topic partition; the caller has already chosen the partition.
public struct OutgoingRecord: Sendable {
    public var topic: String
    public var partition: Int32
    public var key: [UInt8]?
    public var value: [UInt8]?
    /// Milliseconds since the epoch.
    public var timestamp: Int64
    public var headers: [(String, [UInt8])]

    public init(
        topic: String, partition: Int32, key: [UInt8]?, value: [UInt8]?,
        timestamp: Int64, headers: [(String, [UInt8])] = []
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.headers = headers
    }
}

/// Where a produced record landed, as a delivery report gives it.
public struct RecordMetadata: Sendable, Hashable {
    public let topicPartition: TopicPartition
    public let offset: Int64
    public init(_ topicPartition: TopicPartition, offset: Int64) {
        self.topicPartition = topicPartition
        self.offset = offset
    }
}

/// A borrowed view of one consumed record; the buffers are valid only inside the closure that
/// received the view.
public struct ConsumedRecordView {
    public let offset: Int64
    public let timestamp: Int64
    public let key: UnsafeRawBufferPointer?
    public let value: UnsafeRawBufferPointer?

    public init(offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) {
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
    }
}

/// Consecutive records of one topic partition, as returned by a poll.
public protocol RecordBatch: Sendable {
    var topicPartition: TopicPartition { get }
    var count: Int { get }
    /// The offset after the last record of the batch (the next position to read).
    var nextOffset: Int64 { get }
    /// Calls `body` for each record in offset order.
    func forEach(_ body: (ConsumedRecordView) throws -> Void) rethrows
    /// Like `forEach`, also giving the value of each record's last header called `name` (nil if none),
    /// borrowed like the key and value.
    func forEach(header name: String, _ body: (ConsumedRecordView, UnsafeRawBufferPointer?) throws -> Void) rethrows
}

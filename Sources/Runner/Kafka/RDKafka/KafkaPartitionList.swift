internal import CRdKafka
import StreamrunEngine

/// An owned `rd_kafka_topic_partition_list_t`, destroyed in deinit.
final class KafkaPartitionList {
    /// One element of a list: a partition, its offset and its per-partition error.
    struct Entry {
        let partition: TopicPartition
        let offset: Int64
        let error: rd_kafka_resp_err_t
    }

    private let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(capacity: Int = 0) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: capacity))
    }

    /// A list of `offsets` in partition order.
    convenience init(_ offsets: [TopicPartition: Int64]) {
        self.init(capacity: offsets.count)
        for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) { add(partition, offset: offset) }
    }

    /// A list of `partitions` with invalid (unset) offsets.
    convenience init(_ partitions: [TopicPartition]) {
        self.init(capacity: partitions.count)
        for partition in partitions { add(partition, offset: KafkaOffsets.invalid) }
    }

    /// Takes ownership of a list librdkafka returned to the caller.
    init(adopting pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    func add(_ partition: TopicPartition, offset: Int64) {
        let element = rd_kafka_topic_partition_list_add(pointer, partition.topic, partition.partition)
        element?.pointee.offset = offset
    }

    var entries: [Entry] { Self.entries(of: pointer) }

    /// Calls `body` with the C list, keeping the list alive meanwhile.
    func with<R>(_ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(pointer) }
    }

    /// The elements of a list, owned or borrowed (as in the rebalance callback).
    static func entries(of list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> [Entry] {
        guard let list, let elements = list.pointee.elems else { return [] }
        return (0..<Int(list.pointee.cnt)).map { i in
            let element = elements[i]
            return Entry(
                partition: TopicPartition(String(cString: element.topic), element.partition),
                offset: element.offset, error: element.err)
        }
    }

    /// Sets the offset of `partition` in a list, owned or borrowed.
    static func setOffset(
        _ offset: Int64, of partition: TopicPartition,
        in list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        rd_kafka_topic_partition_list_find(list, partition.topic, partition.partition)?.pointee.offset = offset
    }
}

/// librdkafka's special offsets and partitions (C macros Swift cannot import).
enum KafkaOffsets {
    static let beginning: Int64 = -2
    static let end: Int64 = -1
    static let stored: Int64 = -1000
    static let invalid: Int64 = -1001
    static let unassignedPartition: Int32 = -1
}

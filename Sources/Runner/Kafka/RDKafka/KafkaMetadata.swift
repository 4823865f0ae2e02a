internal import CRdKafka
import StreamrunEngine

/// An owned snapshot of the cluster's metadata for all topics, destroyed in deinit.
final class KafkaMetadata {
    /// What the metadata says about one topic.
    struct Topic {
        let partitions: Int32
        let error: rd_kafka_resp_err_t
        /// Partitions that have a leader and no error.
        let ready: Int32
    }

    private let pointer: UnsafePointer<rd_kafka_metadata>
    /// Every topic the cluster reported, by name.
    let topics: [String: Topic]

    /// Asks the cluster for the metadata of every topic (which never creates a topic).
    init(_ handle: KafkaHandle, timeoutMs: Int) throws {
        try handle.checkFatal()
        var result: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(handle.pointer, 1, nil, &result, Int32(clamping: timeoutMs))
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let result else {
            throw StreamrunError("kafka: metadata request failed: \(KafkaText.describe(code))")
        }
        pointer = result
        topics = Self.read(result)
    }

    deinit {
        rd_kafka_metadata_destroy(pointer)
    }

    private static func read(_ pointer: UnsafePointer<rd_kafka_metadata>) -> [String: Topic] {
        guard let topics = pointer.pointee.topics else { return [:] }
        var byName: [String: Topic] = [:]
        for i in 0..<Int(pointer.pointee.topic_cnt) {
            let topic = topics[i]
            var ready: Int32 = 0
            for p in 0..<Int(topic.partition_cnt) {
                if let partition = topic.partitions?[p], partition.leader >= 0,
                    partition.err == RD_KAFKA_RESP_ERR_NO_ERROR
                {
                    ready += 1
                }
            }
            byName[String(cString: topic.topic)] = Topic(
                partitions: topic.partition_cnt, error: topic.err, ready: ready)
        }
        return byName
    }

    /// The partition count of `name`, or nil when the cluster does not know the topic.
    func partitionCount(of name: String) -> Int32? {
        guard let topic = topics[name], topic.error == RD_KAFKA_RESP_ERR_NO_ERROR || topic.partitions > 0 else {
            return nil
        }
        return topic.partitions
    }

    /// Whether `name` exists and every one of its partitions has a leader.
    func isReady(_ name: String) -> Bool {
        guard let topic = topics[name] else { return false }
        return topic.partitions > 0 && topic.ready == topic.partitions
    }
}

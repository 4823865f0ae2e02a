internal import CRdKafka
import StreamrunEngine

/// One `rd_kafka_produceva` call: the record's topic, explicit partition, key, value,
/// timestamp and headers, copied by librdkafka.
enum KafkaProduceCall {
    private static let copyPayload: Int32 = 0x2  // RD_KAFKA_MSG_F_COPY

    /// Queues `record` with `opaque` as its delivery opaque; returns librdkafka's error, if any
    /// (owned by the caller).
    static func produce(
        _ rk: OpaquePointer, _ record: OutgoingRecord, headers: KafkaHeaders?,
        opaque: UnsafeMutableRawPointer?
    ) -> OpaquePointer? {
        record.topic.withCString { topic in
            KafkaBytes.with(record.key) { key, keyCount in
                KafkaBytes.with(record.value) { value, valueCount in
                    withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 8) { values in
                        values.initialize(repeating: rd_kafka_vu_t())
                        defer { values.deinitialize() }
                        values[0].vtype = RD_KAFKA_VTYPE_TOPIC
                        values[0].u.cstr = topic
                        values[1].vtype = RD_KAFKA_VTYPE_PARTITION
                        values[1].u.i32 = record.partition
                        values[2].vtype = RD_KAFKA_VTYPE_KEY
                        values[2].u.mem.ptr = key
                        values[2].u.mem.size = keyCount
                        values[3].vtype = RD_KAFKA_VTYPE_VALUE
                        values[3].u.mem.ptr = value
                        values[3].u.mem.size = valueCount
                        values[4].vtype = RD_KAFKA_VTYPE_TIMESTAMP
                        values[4].u.i64 = record.timestamp
                        values[5].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                        values[5].u.i = copyPayload
                        values[6].vtype = RD_KAFKA_VTYPE_OPAQUE
                        values[6].u.ptr = opaque
                        var count = 7
                        if let list = headers?.pointer {
                            values[7].vtype = RD_KAFKA_VTYPE_HEADERS
                            values[7].u.headers = list
                            count = 8
                        }
                        return rd_kafka_produceva(rk, values.baseAddress, count)
                    }
                }
            }
        }
    }
}

internal import CRdKafka
import StreamrunEngine

/// An owned `rd_kafka_NewTopic_t` (a CreateTopics request element), destroyed in deinit.
final class KafkaNewTopic {
    let pointer: OpaquePointer

    init(_ spec: TopicSpec, replicationFactor: Int32) throws {
        var message = [CChar](repeating: 0, count: 512)
        let created = rd_kafka_NewTopic_new(spec.name, spec.partitions, replicationFactor, &message, message.count)
        guard let topic = created else {
            throw StreamrunError("kafka: cannot create topic '\(spec.name)': \(KafkaText.string(message))")
        }
        pointer = topic
        // Retention applies to topics that are not compacted (changelogs keep their newest records);
        // a setting left at Kafka's default is not sent, so the cluster's own default applies.
        var configs = [("cleanup.policy", spec.compacted ? "compact" : "delete")]
        if !spec.compacted && spec.retentionMs != TopicSpec.defaultRetentionMs {
            configs.append(("retention.ms", String(spec.retentionMs)))
        }
        if !spec.compacted && spec.retentionBytes != -1 {
            configs.append(("retention.bytes", String(spec.retentionBytes)))
        }
        for (name, value) in configs {
            let code = rd_kafka_NewTopic_set_config(topic, name, value)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw StreamrunError(
                    "kafka: cannot set \(name)=\(value) on topic '\(spec.name)': \(KafkaText.describe(code))")
            }
        }
    }

    deinit {
        rd_kafka_NewTopic_destroy(pointer)
    }
}

/// Owned admin request options (`rd_kafka_AdminOptions_t`), destroyed in deinit.
final class KafkaAdminOptions {
    let pointer: OpaquePointer

    init(_ handle: KafkaHandle, for operation: rd_kafka_admin_op_t, timeoutMs: Int) {
        pointer = rd_kafka_AdminOptions_new(handle.pointer, operation)
        var message = [CChar](repeating: 0, count: 256)
        let timeout = Int32(clamping: timeoutMs)
        _ = rd_kafka_AdminOptions_set_request_timeout(pointer, timeout, &message, message.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(pointer, timeout, &message, message.count)
    }

    deinit {
        rd_kafka_AdminOptions_destroy(pointer)
    }
}

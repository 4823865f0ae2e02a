internal import CRdKafka
import StreamrunEngine

/// An owned librdkafka client (`rd_kafka_t`), destroyed with its last reference; it keeps the
/// context its callbacks reach alive until then.
// @unchecked Sendable: immutable; librdkafka's `rd_kafka_t` is thread-safe, and `context` is Sendable.
final class KafkaHandle: @unchecked Sendable {
    enum Kind { case producer, consumer }

    let pointer: OpaquePointer
    let context: KafkaClientContext

    init(_ kind: Kind, conf: KafkaConf, context: KafkaClientContext) throws {
        rd_kafka_conf_set_opaque(conf.pointer, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(conf.pointer, kafkaLogCallback)
        rd_kafka_conf_set_error_cb(conf.pointer, kafkaErrorCallback)
        if context.delivery != nil { rd_kafka_conf_set_dr_msg_cb(conf.pointer, kafkaDeliveryCallback) }
        if context.rebalance != nil { rd_kafka_conf_set_rebalance_cb(conf.pointer, kafkaRebalanceCallback) }
        var message = [CChar](repeating: 0, count: 512)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let rk = rd_kafka_new(type, conf.pointer, &message, message.count) else {
            throw StreamrunError("kafka: cannot create \(context.name): \(KafkaText.string(message))")
        }
        conf.relinquish()
        pointer = rk
        self.context = context
    }

    deinit {
        rd_kafka_destroy(pointer)
    }

    /// Throws the client's fatal error, if it raised one.
    func checkFatal() throws {
        if let error = context.fatalError { throw error }
    }

    var name: String { context.name }

    func log(_ message: String) {
        context.log("kafka[\(context.name)]: \(message)")
    }
}

internal import CRdKafka
import StreamrunEngine

/// A librdkafka configuration object, owned until `rd_kafka_new` takes it.
final class KafkaConf {
    private(set) var pointer: OpaquePointer?

    init() {
        pointer = rd_kafka_conf_new()
    }

    /// A configuration with `properties` set in order; the first bad one is reported by name.
    convenience init(_ properties: [(String, String)]) throws {
        self.init()
        for (key, value) in properties { try set(key, value) }
    }

    deinit {
        if let pointer { rd_kafka_conf_destroy(pointer) }
    }

    func set(_ key: String, _ value: String) throws {
        var message = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(pointer, key, value, &message, message.count)
        switch result {
        case RD_KAFKA_CONF_OK:
            return
        case RD_KAFKA_CONF_UNKNOWN:
            throw StreamrunError("kafka: unknown configuration property '\(key)'")
        default:
            throw StreamrunError(
                "kafka: invalid value '\(value)' for configuration property '\(key)': "
                    + KafkaText.string(message))
        }
    }

    /// Called once `rd_kafka_new` has taken ownership.
    func relinquish() {
        pointer = nil
    }
}

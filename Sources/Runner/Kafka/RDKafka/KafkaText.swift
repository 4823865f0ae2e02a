internal import CRdKafka
import StreamrunEngine

/// Conversions of librdkafka's C strings and error codes to Swift text.
enum KafkaText {
    /// The NUL-terminated text in `buffer`.
    static func string(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// librdkafka's description of `code`, e.g. "Broker: Unknown topic or partition".
    static func describe(_ code: rd_kafka_resp_err_t) -> String {
        string(rd_kafka_err2str(code))
    }

    /// Turns an owned `rd_kafka_error_t` (nil: success) into a `StreamrunError`, destroying it.
    static func take(_ error: OpaquePointer?, _ what: String) -> StreamrunError? {
        guard let error else { return nil }
        defer { rd_kafka_error_destroy(error) }
        return StreamrunError("kafka: \(what): \(string(rd_kafka_error_string(error)))")
    }

    /// Whether an owned `rd_kafka_error_t` has `code`; does not destroy it.
    static func code(of error: OpaquePointer) -> rd_kafka_resp_err_t {
        rd_kafka_error_code(error)
    }
}

internal import CRdKafka
public import StreamrunEngine

/// Records of one partition returned by one poll of a Kafka consumer. The batch owns
/// librdkafka's messages (destroyed in deinit) and its record views point into them.
// @unchecked Sendable: immutable: librdkafka's messages are only read after the poll that returned them, and are
// destroyed in deinit; `handle` keeps their client alive.
public final class KafkaRecordBatch: RecordBatch, @unchecked Sendable {
    public let topicPartition: TopicPartition
    public let nextOffset: Int64
    private let messages: [UnsafeMutablePointer<rd_kafka_message_t>]
    /// Messages must be destroyed before their client.
    private let handle: KafkaHandle

    init(_ topicPartition: TopicPartition, messages: [UnsafeMutablePointer<rd_kafka_message_t>], handle: KafkaHandle) {
        self.topicPartition = topicPartition
        self.messages = messages
        self.handle = handle
        nextOffset = (messages.last?.pointee.offset ?? -1) + 1
    }

    deinit {
        for message in messages { rd_kafka_message_destroy(message) }
    }

    public var count: Int { messages.count }

    /// The offset of the first record.
    public var firstOffset: Int64 { messages.first?.pointee.offset ?? nextOffset }

    public func forEach(_ body: (ConsumedRecordView) throws -> Void) rethrows {
        for message in messages { try body(Self.view(message)) }
    }

    public func forEach(header name: String, _ body: (ConsumedRecordView, UnsafeRawBufferPointer?) throws -> Void)
        rethrows
    {
        for message in messages {
            var list: OpaquePointer?
            var value: UnsafeRawPointer?
            var size = 0
            var found: UnsafeRawBufferPointer?
            if rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list,
                rd_kafka_header_get_last(list, name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR
            {
                found = UnsafeRawBufferPointer(start: value, count: size)
            }
            try body(Self.view(message), found)
        }
    }

    /// Like `forEach`, also giving each record's headers (copied; `ConsumedRecordView` lacks them).
    public func forEachWithHeaders(_ body: (ConsumedRecordView, [(String, [UInt8])]) throws -> Void) rethrows {
        for message in messages { try body(Self.view(message), Self.headers(of: message)) }
    }

    private static func view(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> ConsumedRecordView {
        let record = message.pointee
        return ConsumedRecordView(
            offset: record.offset,
            timestamp: rd_kafka_message_timestamp(message, nil),
            key: record.key.map { UnsafeRawBufferPointer(start: $0, count: record.key_len) },
            value: record.payload.map { UnsafeRawBufferPointer(start: $0, count: record.len) })
    }

    private static func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [(String, [UInt8])] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var headers: [(String, [UInt8])] = []
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        var index = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            headers.append((KafkaText.string(name), bytes))
            index += 1
        }
        return headers
    }
}

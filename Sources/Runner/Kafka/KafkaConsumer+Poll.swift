internal import CRdKafka
import Foundation
public import StreamrunEngine

extension KafkaConsumer {
    /// Waits up to `timeoutMs` for a first record (serving rebalances on this thread), then
    /// takes whatever else is ready, up to `maxRecords`, grouped by partition. A `wakeup`
    /// (before or during the call) makes the wait end at once.
    public func poll(maxRecords: Int, timeoutMs: Int) throws -> [any RecordBatch] {
        pollLock.lock()
        defer { pollLock.unlock() }
        try checkUsable()
        let capacity = max(maxRecords, 1)
        let messages = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: capacity)
        defer { messages.deallocate() }
        var count = 0
        if let first = rd_kafka_consume_queue(queue.pointer, Int32(clamping: max(timeoutMs, 0))) {
            messages[0] = first
            count = 1
            if capacity > 1 {
                let more = rd_kafka_consume_batch_queue(queue.pointer, 0, messages + 1, capacity - 1)
                if more > 0 { count += more }
            }
        }
        return try batches(from: UnsafeMutableBufferPointer(start: messages, count: count))
    }

    /// Throws when closed, after a failed assign, subscribe or seek, or a fatal error.
    private func checkUsable() throws {
        lock.lock()
        let (isClosed, pending) = (lifecycle.isClosed, pendingError)
        pendingError = nil
        lock.unlock()
        if isClosed { throw StreamrunError("kafka: poll on a closed consumer") }
        if let pending { throw pending }
        try handle.checkFatal()
    }

    /// Groups the polled messages into one batch per partition (taking ownership of every
    /// message); error events are logged and dropped, fatal ones thrown.
    private func batches(from messages: UnsafeMutableBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>?>) throws
        -> [any RecordBatch]
    {
        struct Key: Hashable {
            let topic: OpaquePointer?
            let partition: Int32
        }
        var order: [Key] = []
        var byPartition: [Key: [UnsafeMutablePointer<rd_kafka_message_t>]] = [:]
        var fatal: StreamrunError?
        for case let message? in messages {
            let code = message.pointee.err
            if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                if let error = report(message, code) { fatal = fatal ?? error }
                rd_kafka_message_destroy(message)
                continue
            }
            let key = Key(topic: message.pointee.rkt, partition: message.pointee.partition)
            if byPartition[key] == nil { order.append(key) }
            byPartition[key, default: []].append(message)
        }
        let batches = order.map { key in
            KafkaRecordBatch(
                TopicPartition(KafkaText.string(rd_kafka_topic_name(key.topic)), key.partition),
                messages: byPartition[key]!, handle: handle)
        }
        if let fatal { throw fatal }
        return batches
    }

    /// Logs a consumer error event; returns it when it is fatal for the consumer.
    private func report(
        _ message: UnsafeMutablePointer<rd_kafka_message_t>,
        _ code: rd_kafka_resp_err_t
    ) -> StreamrunError? {
        if code == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
        let text = String(
            decoding: UnsafeRawBufferPointer(start: message.pointee.payload, count: message.pointee.len),
            as: UTF8.self)
        let topic = message.pointee.rkt.map { KafkaText.string(rd_kafka_topic_name($0)) }
        let place = topic.map { " (\($0)-\(message.pointee.partition))" } ?? ""
        let error = StreamrunError("kafka: consumer error\(place): \(KafkaText.describe(code)): \(text)")
        if code == RD_KAFKA_RESP_ERR__FATAL {
            return handle.context.fatalError ?? error
        }
        handle.log(error.description)
        return nil
    }
}

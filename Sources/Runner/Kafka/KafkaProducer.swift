internal import CRdKafka
import Foundation
public import StreamrunEngine

/// An idempotent Kafka producer: records go to the partition the caller chose, and a
/// background thread polls for delivery reports. With a transactional id it is also a
/// `TransactionalProducer` (see `KafkaProducer+Transactions.swift`).
// @unchecked Sendable: `closed` is guarded by `lock`; `handle` is a librdkafka client (`rd_kafka_t` is thread-safe)
// and the other fields are `let` of Sendable types.
public final class KafkaProducer: LogProducer, @unchecked Sendable {
    let handle: KafkaHandle
    private let poller: KafkaPollThread
    private let tracker: KafkaDeliveryTracker
    let flushTimeoutMs: Int
    /// The transactional id, if this producer writes in transactions.
    let transactionalId: String?
    public let maxRecordBytes: Int
    private let lock = NSLock()
    private var closed = false  // guarded by `lock`

    /// A producer; with `transactionalId`, a transactional one, ready once the broker has fenced
    /// any earlier producer with that id and finished its open transaction.
    init(configuration: KafkaConfiguration, transactionalId: String? = nil) throws {
        tracker = KafkaDeliveryTracker()
        self.transactionalId = transactionalId
        let context = KafkaClientContext(
            name: "\(configuration.clientId)-producer\(transactionalId == nil ? "" : "-tx")",
            log: configuration.log, delivery: tracker)
        let properties =
            transactionalId.map(configuration.transactionalProducerProperties) ?? configuration.producerProperties
        handle = try KafkaHandle(.producer, conf: try KafkaConf(properties), context: context)
        poller = KafkaPollThread(handle)
        flushTimeoutMs =
            transactionalId == nil ? configuration.flushTimeoutMs : configuration.transactionTimeoutMs + 10_000
        maxRecordBytes = configuration.maxMessageBytes
        if transactionalId != nil { try initTransactions(timeoutMs: configuration.requestTimeoutMs) }
    }

    deinit { close() }

    private var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closed
    }

    public func produce(
        _ record: OutgoingRecord,
        delivery: (@Sendable (Result<RecordMetadata, StreamrunError>) -> Void)?
    ) {
        let partition = TopicPartition(record.topic, record.partition)
        let box = delivery.map { Unmanaged.passRetained(KafkaDeliveryBox(partition, $0)) }
        let headers = record.headers.isEmpty ? nil : KafkaHeaders(record.headers)
        var refusal: StreamrunError?
        while true {
            if isClosed {
                refusal = StreamrunError("kafka: produce on a closed producer")
                break
            }
            if let fatal = handle.context.fatalError {
                refusal = fatal
                break
            }
            guard
                let error = KafkaProduceCall.produce(
                    handle.pointer, record, headers: headers,
                    opaque: box?.toOpaque())
            else {
                headers?.relinquish()
                return
            }
            if KafkaText.code(of: error) == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                rd_kafka_error_destroy(error)
                rd_kafka_poll(handle.pointer, 10)  // serves delivery reports, making room
                continue
            }
            refusal = KafkaText.take(error, "cannot produce to \(partition)")
            break
        }
        let error = refusal ?? StreamrunError("kafka: cannot produce to \(partition)")
        // A failure belongs to the caller: its callback, or else the producer's next flush.
        if let box { box.takeRetainedValue().delivery(.failure(error)) } else { tracker.noteFailure(error) }
    }

    /// Waits until every queued record is delivered or failed; throws the first failure since
    /// the previous flush of a record produced without a delivery callback.
    public func flush() throws {
        try handle.checkFatal()
        let code = rd_kafka_flush(handle.pointer, Int32(clamping: flushTimeoutMs))
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw StreamrunError(
                "kafka: flush did not complete within \(flushTimeoutMs) ms: "
                    + "\(rd_kafka_outq_len(handle.pointer)) records outstanding")
        }
        if let failure = tracker.takeFailure() { throw failure }
    }

    /// Flushes, fails what is still queued, and stops the poll thread; later records fail.
    public func close() {
        lock.lock()
        let wasClosed = closed
        closed = true
        lock.unlock()
        guard !wasClosed else { return }
        if poller.isCurrent {
            poller.stop()  // inside a delivery callback: cannot wait for ourselves
            return
        }
        if rd_kafka_flush(handle.pointer, Int32(clamping: flushTimeoutMs)) != RD_KAFKA_RESP_ERR_NO_ERROR {
            handle.log("closing with \(rd_kafka_outq_len(handle.pointer)) undelivered records; failing them")
            _ = rd_kafka_purge(handle.pointer, 0x1 | 0x2)  // RD_KAFKA_PURGE_F_QUEUE | _INFLIGHT
        }
        poller.stop()
        // Delivers the purged records' failures.
        for _ in 0..<50 where rd_kafka_outq_len(handle.pointer) > 0 { rd_kafka_poll(handle.pointer, 100) }
    }
}

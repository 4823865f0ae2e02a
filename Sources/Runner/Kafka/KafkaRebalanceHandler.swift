internal import CRdKafka
import Foundation
import StreamrunEngine

/// The consumer state librdkafka's rebalance callback works on: the listener, the current
/// assignment and the seeks waiting for their partitions. The callback runs on the thread that
/// polls (inside `rd_kafka_consumer_poll`), so the listener hears of rebalances there.
// @unchecked Sendable: every mutable field (the non-Sendable listener too) is read and written under `lock`.
final class KafkaRebalanceHandler: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var listener: (any RebalanceListener)?
    private(set) var assigned: Set<TopicPartition> = []
    private var pendingSeeks: [TopicPartition: Int64] = [:]
    private var inAssignCallback = false
    private var closing = false

    func setListener(_ listener: (any RebalanceListener)?) {
        locked { self.listener = listener }
    }

    func setClosing() {
        locked { closing = true }
    }

    /// Replaces the assignment (manual `assign`); forgets pending seeks.
    func setAssignment(_ partitions: Set<TopicPartition>) {
        locked {
            assigned = partitions
            pendingSeeks = [:]
        }
    }

    var assignment: Set<TopicPartition> { locked { assigned } }

    /// Whether a seek of `partition` can go to librdkafka now; otherwise it is kept until the
    /// partition is assigned (also while the listener hears of an assignment: the seek then
    /// becomes the partition's starting offset).
    func shouldSeekNow(_ partition: TopicPartition, to offset: Int64) -> Bool {
        locked {
            if assigned.contains(partition) && !inAssignCallback { return true }
            pendingSeeks[partition] = offset
            return false
        }
    }

    func rebalance(
        _ rk: OpaquePointer, _ code: rd_kafka_resp_err_t,
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, log: (String) -> Void
    ) {
        let cooperative = KafkaText.string(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE"
        let partitions = KafkaPartitionList.entries(of: list).map(\.partition)
        let (listener, closing) = locked { (self.listener, self.closing) }
        switch code {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            locked { inAssignCallback = true }
            if !closing && !partitions.isEmpty { listener?.partitionsAssigned(partitions) }
            let seeks: [TopicPartition: Int64] = locked {
                inAssignCallback = false
                assigned.formUnion(partitions)
                var seeks: [TopicPartition: Int64] = [:]
                for partition in partitions { seeks[partition] = pendingSeeks.removeValue(forKey: partition) }
                return seeks
            }
            if let list {
                for (partition, offset) in seeks { KafkaPartitionList.setOffset(offset, of: partition, in: list) }
            }
            if cooperative {
                let error = KafkaText.take(rd_kafka_incremental_assign(rk, list), "incremental assign")
                if let error { log(error.description) }
            } else {
                let result = rd_kafka_assign(rk, list)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR { log("kafka: assign failed: \(KafkaText.describe(result))") }
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(rk) != 0
            if lost { log("kafka: partitions \(partitions) were lost (the group moved on without this member)") }
            if !closing && !partitions.isEmpty {
                if lost { listener?.partitionsLost(partitions) } else { listener?.partitionsRevoked(partitions) }
            }
            locked { assigned.subtract(partitions) }
            if cooperative {
                let error = KafkaText.take(rd_kafka_incremental_unassign(rk, list), "incremental unassign")
                if let error { log(error.description) }
            } else {
                _ = rd_kafka_assign(rk, nil)
                locked { assigned = [] }
            }
        default:
            log("kafka: rebalance failed: \(KafkaText.describe(code)); dropping the assignment")
            let previous = locked { Array(assigned).sorted() }
            if !closing && !previous.isEmpty { listener?.partitionsLost(previous) }
            locked { assigned = [] }
            _ = rd_kafka_assign(rk, nil)
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

/// librdkafka's rebalance callback: hands over to the consumer's `KafkaRebalanceHandler`.
let kafkaRebalanceCallback:
    @convention(c) (
        OpaquePointer?, rd_kafka_resp_err_t,
        UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        UnsafeMutableRawPointer?
    ) -> Void = { rk, code, list, _ in
        guard let rk, let context = KafkaClientContext.of(rk), let handler = context.rebalance else { return }
        handler.rebalance(rk, code, list) { context.log("[\(context.name)] \($0)") }
    }

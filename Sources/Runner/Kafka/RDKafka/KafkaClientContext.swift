internal import CRdKafka
import Foundation
import StreamrunEngine

/// What librdkafka's callbacks of one client reach through the client's opaque pointer: its
/// name, the logger, the fatal error if one was raised, and the role-specific handlers.
// @unchecked Sendable: `fatal` is read and written only under `lock`; the other fields are `let` of Sendable types.
final class KafkaClientContext: @unchecked Sendable {
    let name: String
    let log: @Sendable (String) -> Void
    let delivery: KafkaDeliveryTracker?
    let rebalance: KafkaRebalanceHandler?
    private let lock = NSLock()
    private var fatal: StreamrunError?  // guarded by `lock`

    init(
        name: String, log: @escaping @Sendable (String) -> Void,
        delivery: KafkaDeliveryTracker? = nil, rebalance: KafkaRebalanceHandler? = nil
    ) {
        self.name = name
        self.log = log
        self.delivery = delivery
        self.rebalance = rebalance
    }

    /// The fatal error the client raised, if any: the client is unusable after it.
    var fatalError: StreamrunError? {
        lock.lock()
        defer { lock.unlock() }
        return fatal
    }

    func noteFatal(_ error: StreamrunError) {
        lock.lock()
        if fatal == nil { fatal = error }
        lock.unlock()
    }

    /// The context behind a client's opaque pointer.
    static func of(_ rk: OpaquePointer?) -> KafkaClientContext? {
        guard let rk, let opaque = rd_kafka_opaque(rk) else { return nil }
        return Unmanaged<KafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}

/// librdkafka's log callback: forwards to the client's logger.
let kafkaLogCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    rk, level, facility, message in
    guard let context = KafkaClientContext.of(rk) else { return }
    let levels = ["EMERG", "ALERT", "CRIT", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG"]
    let levelName = levels.indices.contains(Int(level)) ? levels[Int(level)] : String(level)
    context.log("kafka[\(context.name)] \(levelName) \(KafkaText.string(facility)): \(KafkaText.string(message))")
}

/// librdkafka's error callback: logs, and remembers fatal errors so the next call throws them.
let kafkaErrorCallback:
    @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
        rk, code, reason, _ in
        guard let context = KafkaClientContext.of(rk) else { return }
        let text = KafkaText.string(reason)
        guard code == RD_KAFKA_RESP_ERR__FATAL.rawValue, let rk else {
            context.log("kafka[\(context.name)] error: \(text)")
            return
        }
        var detail = [CChar](repeating: 0, count: 512)
        let original = rd_kafka_fatal_error(rk, &detail, detail.count)
        let error = StreamrunError(
            "kafka[\(context.name)]: fatal error \(KafkaText.describe(original)): "
                + KafkaText.string(detail))
        context.log(error.description)
        context.noteFatal(error)
    }

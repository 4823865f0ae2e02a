internal import CRdKafka
import Foundation

/// A thread that polls a producer so its delivery callbacks run without callers polling.
// @unchecked Sendable: `stopping` is guarded by `lock`; `thread` is set once in init before the thread starts; the
// `rd_kafka_t` and its main queue are thread-safe librdkafka handles.
final class KafkaPollThread: @unchecked Sendable {
    private let handle: KafkaHandle
    private let mainQueue: OpaquePointer
    private let lock = NSLock()
    private var stopping = false  // guarded by `lock`
    private let finished = DispatchSemaphore(value: 0)
    private var thread: Thread?  // set once in init

    init(_ handle: KafkaHandle) {
        self.handle = handle
        mainQueue = rd_kafka_queue_get_main(handle.pointer)
        let thread = Thread { [self] in run() }
        thread.name = "kafka-poll-\(handle.name)"
        self.thread = thread
        thread.start()
    }

    /// Whether the caller runs on this thread (inside a delivery callback).
    var isCurrent: Bool { Thread.current === thread }

    deinit {
        rd_kafka_queue_destroy(mainQueue)
    }

    private var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private func run() {
        while !isStopping {
            rd_kafka_poll(handle.pointer, 200)
        }
        finished.signal()
    }

    /// Stops the thread and waits until it has left its last poll; idempotent.
    func stop() {
        lock.lock()
        let first = !stopping
        stopping = true
        lock.unlock()
        guard first else { return }
        rd_kafka_queue_yield(mainQueue)
        if !isCurrent { finished.wait() }
    }
}

import Foundation
import Logging
import TopologyDSL

/// Every instance's announced HTTP address and tasks, read from the compacted instances topic
/// (`<application>-streamrun-instances`), and this instance's own announcements (on every
/// assignment change, and as heartbeats). Answers which instance owns a task.
// @unchecked Sendable: `known` and `own` are Mutexes and the rest is `let`, but for `threads`, touched only by
// `start()`, which StreamRunner.run() calls once.
final class InstanceDirectory: @unchecked Sendable {
    let topic: String
    let instanceId: String
    let url: String
    let transport: any LogTransport
    let producer: any LogProducer
    let logger: Logger
    /// Announcements older than this are treated as from an instance that is gone.
    let staleAfterMs: Int64
    let heartbeatMs: Int
    private let known = Locked<[String: InstanceAnnouncement]>([:])
    private let own = Locked<InstanceAnnouncement?>(nil)
    private let stopping = StopSignal()
    private var threads: [Thread] = []

    init(
        topic: String, instanceId: String, url: String, transport: any LogTransport, producer: any LogProducer,
        logger: Logger, heartbeatMs: Int = 2_000
    ) {
        self.topic = topic
        self.instanceId = instanceId
        self.url = url
        self.transport = transport
        self.producer = producer
        self.logger = logger
        self.heartbeatMs = heartbeatMs
        staleAfterMs = Int64(heartbeatMs) * 5
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Starts reading announcements and sending heartbeats.
    func start() throws {
        let consumer = try transport.makeConsumer(group: nil)
        consumer.assign([TopicPartition(topic, 0): 0])
        let reader = Thread { [self] in
            while !stopping.isStopped {
                do {
                    for batch in try consumer.poll(maxRecords: 1000, timeoutMs: 200) {
                        batch.forEach { view in
                            guard let value = view.value, let announcement = InstanceAnnouncement(value) else { return }
                            known.withLock { $0[announcement.instanceId] = announcement }
                        }
                    }
                } catch {
                    logger.warning("reading \(topic) failed: \(error)")
                    _ = stopping.pause(milliseconds: 1_000)
                }
            }
            consumer.close()
        }
        let heartbeat = Thread { [self] in
            while !stopping.pause(milliseconds: heartbeatMs) {
                if let current = own.withLock({ $0 }) { send(current) }
            }
        }
        reader.name = "streamrun-instances"
        heartbeat.name = "streamrun-heartbeat"
        threads = [reader, heartbeat]
        threads.forEach { $0.start() }
    }

    /// Announces that this instance now owns `tasks`.
    func announce(tasks: [TaskId]) {
        let announcement = InstanceAnnouncement(
            instanceId: instanceId, url: url, tasks: tasks.sorted(),
            assignedAt: Self.now, sentAt: Self.now)
        own.withLock { $0 = announcement }
        known.withLock { $0[instanceId] = announcement }
        send(announcement)
    }

    private func send(_ announcement: InstanceAnnouncement) {
        var fresh = announcement
        fresh.sentAt = Self.now
        producer.produce(
            OutgoingRecord(
                topic: topic, partition: 0, key: Array(instanceId.utf8), value: fresh.encoded(),
                timestamp: fresh.sentAt), delivery: nil)
    }

    /// The live instances, this one included.
    var instances: [InstanceAnnouncement] {
        let cutoff = Self.now - staleAfterMs
        return known.withLock { Array($0.values) }
            .filter { $0.instanceId == instanceId || $0.sentAt >= cutoff }
            .sorted { $0.instanceId < $1.instanceId }
    }

    /// The live instance that most recently claimed `task`, if any.
    func owner(of task: TaskId) -> InstanceAnnouncement? {
        instances.filter { $0.tasks.contains(task) }.max { $0.assignedAt < $1.assignedAt }
    }

    /// Stops the threads after announcing that this instance owns nothing.
    func stop() {
        announce(tasks: [])
        try? producer.flush()
        stopping.stop()
    }
}

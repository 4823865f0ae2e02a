import Logging
import TopologyDSL

/// What a task's processors share: its id, stores, serdes and the producer.
final class TaskContext {
    let taskId: TaskId
    let producer: any LogProducer
    let serdes: SerdeCache
    let partitionCounts: [String: Int32]
    let logger: Logger
    /// The plugins the topology was loaded with (sink plugins make a sink per task).
    let plugins: PluginRegistry
    var stores: [String: StateStore] = [:]
    private var roundRobin: Int32 = 0
    /// The input record being processed, as repartition records name their origin: the source bytes
    /// of its partition, its offset, and a serial that changes with every input record.
    private(set) var originSource: [UInt8] = []
    private(set) var originOffset: Int64 = 0
    private(set) var originSerial: UInt64 = 0
    /// The largest record timestamp the task has processed (Kafka Streams' stream time); -1 before
    /// its first record. It never goes back.
    private(set) var streamTime: Int64 = -1
    /// The wall clock, in epoch milliseconds (a test controls it).
    let clock: @Sendable () -> Int64
    let streamTimePunctuations = PunctuationQueue(aligned: true)
    let wallClockPunctuations = PunctuationQueue(aligned: false)

    /// Moves stream time up to `timestamp` (a record entering the task).
    @inline(__always) func observe(timestamp: Int64) {
        if timestamp > streamTime { streamTime = timestamp }
    }

    /// Schedules `punctuate` every `interval` ms of `type`'s time; it gets the time it fires at.
    func schedule(
        every interval: Int64, _ type: PunctuationType,
        _ punctuate: @escaping (Int64) throws -> Void
    ) -> any Cancellable {
        switch type {
        case .streamTime: streamTimePunctuations.schedule(every: interval, now: streamTime, punctuate)
        case .wallClockTime: wallClockPunctuations.schedule(every: interval, now: clock(), punctuate)
        }
    }

    /// Notes the input record about to be processed (the task calls it per record).
    @inline(__always) func beginRecord(source: [UInt8], offset: Int64) {
        originSource = source
        originOffset = offset
        originSerial &+= 1
    }

    init(
        taskId: TaskId, producer: any LogProducer, serdes: SerdeCache, partitionCounts: [String: Int32], logger: Logger,
        plugins: PluginRegistry, clock: @escaping @Sendable () -> Int64
    ) {
        self.plugins = plugins
        self.clock = clock
        self.taskId = taskId
        self.producer = producer
        self.serdes = serdes
        self.partitionCounts = partitionCounts
        self.logger = logger
    }

    /// The partition a key goes to in `topic` (murmur2, as Kafka's clients; round-robin for null keys).
    func partition(for key: [UInt8]?, topic: String) -> Int32 {
        let count = partitionCounts[topic] ?? 1
        guard let key else {
            roundRobin = (roundRobin + 1) % count
            return roundRobin
        }
        return Murmur2Partitioner.partition(of: key, partitions: count)
    }

    /// Queues a record for `topic`; it becomes durable at the next commit's flush.
    func send(
        topic: String, partition: Int32? = nil, key: [UInt8]?, value: [UInt8]?, timestamp: Int64,
        headers: [(String, [UInt8])] = []
    ) {
        let target = partition ?? self.partition(for: key, topic: topic)
        producer.produce(
            OutgoingRecord(
                topic: topic, partition: target, key: key, value: value, timestamp: timestamp,
                headers: headers), delivery: nil)
    }
}

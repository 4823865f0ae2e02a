import StreamrunEngine

/// The driver's partitioned log: Kafka's transport contract in memory, used from one thread and
/// never waiting. Produced records are appended when the producer flushes or when the driver
/// delivers what is queued (between two turns of processing, as a broker receives records
/// shortly after they are sent), each with its offset and its place in the order of all appends.
/// Each simulated instance reaches it through its own `MemberTransport`; one group coordinator
/// assigns partitions to the members.
// @unchecked Sendable: used from one thread at a time, the one driving the TopologyTestDriver (which starts no
// threads); `topics`, `groups`, `sequence`, `producers` and `armedCrash` are only touched there.
final class DriverLog: @unchecked Sendable {
    struct Topic {
        var spec: TopicSpec
        var partitions: [LoggedPartition]
    }

    private(set) var topics: [String: Topic] = [:]
    private var groups: [String: [TopicPartition: Int64]] = [:]
    private var sequence: UInt64 = 0
    private var producers: [DriverProducer] = []
    let coordinator = GroupCoordinator()
    let maxRecordBytes: Int
    /// The crash the next commit of a member runs into (see `CommitStep`).
    var armedCrash: ArmedCrash?

    init(maxRecordBytes: Int) {
        self.maxRecordBytes = maxRecordBytes
    }

    /// What `member` (an instance id) uses as its transport.
    func transport(for member: String) -> MemberTransport { MemberTransport(log: self, member: member) }

    func createTopics(_ specs: [TopicSpec]) throws {
        for spec in specs {
            if let existing = topics[spec.name] {
                guard existing.spec.partitions == spec.partitions else {
                    throw StreamrunError(
                        "topic '\(spec.name)' exists with \(existing.spec.partitions) partitions, not \(spec.partitions)"
                    )
                }
                continue
            }
            guard spec.partitions > 0 else { throw StreamrunError("topic '\(spec.name)' needs at least one partition") }
            topics[spec.name] = Topic(spec: spec, partitions: (0..<spec.partitions).map { _ in LoggedPartition() })
        }
    }

    func partition(_ partition: TopicPartition) throws -> LoggedPartition {
        guard let topic = topics[partition.topic] else {
            throw StreamrunError("unknown topic '\(partition.topic)'", code: .unknownTopic)
        }
        guard topic.partitions.indices.contains(Int(partition.partition)) else {
            throw StreamrunError("topic '\(partition.topic)' has no partition \(partition.partition)")
        }
        return topic.partitions[Int(partition.partition)]
    }

    /// Appends `record` now; returns its offset.
    func append(_ record: OutgoingRecord) throws -> Int64 {
        let target = try partition(TopicPartition(record.topic, record.partition))
        sequence += 1
        return target.append(record, sequence: sequence)
    }

    /// Every record of `topic`, all partitions, in the order they were appended.
    func records(of topic: String) -> [(partition: Int32, record: LoggedRecord)] {
        guard let partitions = topics[topic]?.partitions else { return [] }
        return partitions.enumerated().flatMap { index, partition in partition.records.map { (Int32(index), $0) } }
            .sorted { $0.record.sequence < $1.record.sequence }
    }

    func register(_ producer: DriverProducer) { producers.append(producer) }
    func unregister(_ producer: DriverProducer) { producers.removeAll { $0 === producer } }

    /// Appends what every producer has queued.
    func deliverQueued() {
        for producer in producers { producer.deliverQueued() }
    }

    var hasQueuedRecords: Bool { producers.contains { $0.hasQueuedRecords } }

    /// `member`'s process died: what its producers have queued is lost.
    func discardProducers(of member: String) {
        for producer in producers where producer.member == member { producer.discard() }
    }

    func committed(group: String, _ partition: TopicPartition) -> Int64? { groups[group]?[partition] }

    func commit(group: String, _ offsets: [TopicPartition: Int64]) throws {
        for partition in offsets.keys { _ = try self.partition(partition) }
        groups[group, default: [:]].merge(offsets) { _, new in new }
    }
}

/// One instance's connection to the driver's log: its producers and consumers belong to its member id.
final class MemberTransport: LogTransport, Sendable {
    let log: DriverLog
    let member: String

    init(log: DriverLog, member: String) {
        self.log = log
        self.member = member
    }

    func createTopics(_ topics: [TopicSpec]) throws { try log.createTopics(topics) }

    func partitionCount(of topic: String) throws -> Int32? { log.topics[topic]?.spec.partitions }

    func endOffset(of partition: TopicPartition) throws -> Int64 { try log.partition(partition).endOffset }

    @discardableResult
    func deleteRecords(before offsets: [TopicPartition: Int64]) throws -> [TopicPartition: Int64] {
        var starts: [TopicPartition: Int64] = [:]
        for (partition, offset) in offsets {
            starts[partition] = try log.partition(partition).deleteRecords(before: offset)
        }
        return starts
    }

    func makeProducer() throws -> any LogProducer {
        let producer = DriverProducer(log: log, member: member)
        log.register(producer)
        return producer
    }

    func makeTransactionalProducer(id: String) throws -> any TransactionalProducer {
        throw StreamrunError(
            "the test driver has no transactions: it runs topologies at least once (state is exact either way)")
    }

    func makeConsumer(group: String?) throws -> any LogConsumer {
        DriverConsumer(log: log, group: group, member: member)
    }
}

import StreamrunEngine

/// Assigns the partitions of a group's topics to its members, as a fixed range assignment: partition
/// N of every topic goes to the N-th instance of the driver (modulo their count), so co-partitioned
/// partitions stay together, unless the driver moved that partition's task elsewhere. A partition
/// is only given to its new owner once its previous owner has revoked it (or died), as the
/// cooperative protocol does, so a task never has two owners that both know they own it.
final class GroupCoordinator {
    /// The instances in the order the assignment counts them.
    private(set) var instances: [String] = []
    /// Members that joined and have not left, by instance id.
    private var members: [String: DriverConsumer] = [:]
    /// Who holds each partition now.
    private var holders: [TopicPartition: String] = [:]
    /// Partitions moved away from the range assignment.
    private var moved: [TopicPartition: String] = [:]
    /// Kafka's generation id: bumped at every change of membership or assignment.
    private(set) var generation: Int64 = 0
    /// Whether the group ever had more than one member (then it has generations, as on Kafka, and
    /// tasks fence their previous owners when they open; with one member, as on the embedded log, not).
    private var shared = false

    func setInstances(_ ids: [String]) {
        instances = ids
        shared = shared || ids.count > 1
        generation += 1
    }

    var groupGeneration: Int64? { shared ? generation : nil }

    func join(_ consumer: DriverConsumer) {
        members[consumer.member] = consumer
        shared = shared || members.count > 1
        generation += 1
    }

    /// A member left (closed, or its process died): its partitions are free, nothing is revoked.
    func leave(_ consumer: DriverConsumer) {
        guard members[consumer.member] === consumer else { return }
        members[consumer.member] = nil
        holders = holders.filter { $0.value != consumer.member }
        generation += 1
    }

    /// Moves `partitions` to `member` (the next polls revoke them from their holder, then assign them).
    func move(_ partitions: [TopicPartition], to member: String) {
        for partition in partitions { moved[partition] = member }
        shared = true
        generation += 1
    }

    /// The member that should own `partition`.
    func owner(of partition: TopicPartition) -> String? {
        if let member = moved[partition] { return member }
        guard !instances.isEmpty else { return nil }
        return instances[Int(partition.partition) % instances.count]
    }

    /// What `member` may hold now of `partitions`: those it should own that nobody else holds.
    func assignment(of member: String, among partitions: [TopicPartition]) -> Set<TopicPartition> {
        Set(partitions.filter { owner(of: $0) == member && (holders[$0] == nil || holders[$0] == member) })
    }

    func acquired(_ partitions: [TopicPartition], by member: String) {
        for partition in partitions { holders[partition] = member }
    }

    func released(_ partitions: [TopicPartition], by member: String) {
        for partition in partitions where holders[partition] == member { holders[partition] = nil }
    }

    /// Whether some member's next poll changes its assignment.
    var hasPendingRebalance: Bool { members.values.contains { $0.needsRebalance } }

    /// Who holds `partition` now.
    func holder(of partition: TopicPartition) -> String? { holders[partition] }
}

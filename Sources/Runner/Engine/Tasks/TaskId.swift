/// A task: one partition of one sub-topology (`0_2` is sub-topology 0, partition 2).
public struct TaskId: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let subtopology: Int
    public let partition: Int32
    public init(subtopology: Int, partition: Int32) {
        self.subtopology = subtopology
        self.partition = partition
    }
    public var description: String { "\(subtopology)_\(partition)" }
    public static func < (a: TaskId, b: TaskId) -> Bool { (a.subtopology, a.partition) < (b.subtopology, b.partition) }
}

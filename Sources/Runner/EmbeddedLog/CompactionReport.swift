public import StreamrunEngine

/// What compacting one partition did to its closed segments (the active segment is never
/// compacted, and is not counted).
public struct CompactionReport: Sendable, Equatable, CustomStringConvertible {
    public var topicPartition: TopicPartition
    public var recordsBefore: Int64 = 0
    public var recordsAfter: Int64 = 0
    public var bytesBefore: Int64 = 0
    public var bytesAfter: Int64 = 0
    public var segmentsBefore = 0
    public var segmentsAfter = 0
    /// Tombstones dropped because they were older than `deleteRetentionMs`.
    public var tombstonesDropped: Int64 = 0

    public init(topicPartition: TopicPartition) { self.topicPartition = topicPartition }

    public var description: String {
        "\(topicPartition.topic)-\(topicPartition.partition): \(recordsBefore) → \(recordsAfter) records, "
            + "\(bytesBefore) → \(bytesAfter) bytes, \(segmentsBefore) → \(segmentsAfter) closed segments"
            + (tombstonesDropped > 0 ? ", \(tombstonesDropped) expired tombstones dropped" : "")
    }
}

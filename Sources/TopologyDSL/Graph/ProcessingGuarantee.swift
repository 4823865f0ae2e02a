/// What a runner guarantees about its outputs after a crash or a rebalance (Kafka Streams'
/// `processing.guarantee`). State is exact under both: restore applies only complete commits.
public enum ProcessingGuarantee: String, Sendable, CaseIterable {
    /// Outputs, changelogs and offsets are written in order at each commit; after a crash the
    /// records since the last commit are processed again, so outputs may repeat.
    case atLeastOnce = "at-least-once"
    /// Outputs, changelogs and input offsets of a commit are one Kafka transaction: readers with
    /// `isolation.level=read_committed` see each output once. Needs a broker with transactions.
    case exactlyOnce = "exactly-once"
}

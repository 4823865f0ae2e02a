/// A stream grouped by key (Kafka Streams' `KGroupedStream`), waiting for `reduce`, `aggregate` or
/// `count` to make it a table. The grouping nodes are named after that table: `<table>-group-by-key`.
public struct KGroupedStream<K: StreamValue, V: StreamValue>: Sendable {
    /// Adds the grouping nodes for the table `name` and returns what the aggregation reads.
    let group: @Sendable (TopologyContext, _ table: String) -> StreamRef?

    init(group: @escaping @Sendable (TopologyContext, _ table: String) -> StreamRef?) { self.group = group }
}

/// Running groupings.
extension TopologyContext {
    /// Runs a grouping for the table `name`.
    func group(_ group: @Sendable (TopologyContext, String) -> StreamRef?, _ name: String) -> StreamRef? {
        group(self, name)
    }
}

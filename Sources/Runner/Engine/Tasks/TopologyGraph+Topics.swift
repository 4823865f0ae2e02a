public import TopologyDSL

extension TopologyGraph {
    /// Every topic a runner creates before it starts: the declared and internal ones, the
    /// instances topic and the dead-letter topic.
    public var topicSpecs: [TopicSpec] {
        topics.map {
            TopicSpec(
                name: $0.name, partitions: $0.partitions, compacted: $0.compacted,
                retentionMs: $0.retentionMs ?? TopicSpec.defaultRetentionMs, retentionBytes: $0.retentionBytes ?? -1)
        } + [
            TopicSpec(name: instancesTopic, partitions: 1, compacted: true),
            TopicSpec(name: deadLetterTopic, partitions: 1),
        ]
    }

    /// The topics the topology writes and reads back to partition records by a new key.
    public var repartitionTopics: [TopicDeclaration] { topics.filter { $0.isInternal && !$0.compacted } }
}

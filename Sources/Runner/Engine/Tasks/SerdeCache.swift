import TopologyDSL

/// The serde of every type and of every topic's keys and values in a graph, made once from the
/// plugin registry (a topic's serde may differ from its type's: registry formats use the topic's subject).
// @unchecked Sendable: immutable after init (both dictionaries are filled there and only read after), and every
// `Serde` is Sendable.
final class SerdeCache: @unchecked Sendable {
    private var serdes: [ValueType: any Serde] = [:]
    private var topicSerdes: [String: (key: any Serde, value: any Serde)] = [:]

    init(graph: TopologyGraph, plugins: PluginRegistry) throws {
        var types = graph.topics.flatMap { [$0.keyType, $0.valueType] }
        types += graph.nodes.flatMap { [$0.keyType, $0.valueType] }
        types += graph.stores.flatMap { [$0.keyType, $0.valueType] }
        for type in types where serdes[type] == nil {
            serdes[type] = try plugins.serde(for: type)
        }
        for topic in graph.topics {
            topicSerdes[topic.name] = (
                try plugins.serde(for: topic.keyType, topic: topic.name, isKey: true),
                try plugins.serde(for: topic.valueType, topic: topic.name, isKey: false)
            )
        }
    }

    /// The serdes of `topic`'s keys and values (every topic of the graph is present).
    func serdes(topic: String) -> (key: any Serde, value: any Serde)? { topicSerdes[topic] }

    /// The serde of `type` (every type of the graph is present).
    func serde(_ type: ValueType) -> any Serde {
        guard let serde = serdes[type] else { preconditionFailure("no serde for \(type.name)") }
        return serde
    }

    /// The serde `store`'s keys are written with: its changelog topic's, so a registry format uses that subject.
    func keySerde(of store: StoreDeclaration) -> any Serde {
        serdes(topic: store.changelogTopic)?.key ?? serde(store.keyType)
    }

    /// Where `key` of store `name` lives: its bytes as the store holds them and the task whose
    /// partition murmur2 gives them.
    func route(store name: String, key: Value, in graph: TopologyGraph) throws(StreamrunError) -> (
        keyBytes: [UInt8], task: TaskId
    ) {
        guard let store = graph.store(name), let subtopology = graph.subtopology(containing: store.node) else {
            throw StreamrunError("unknown store '\(name)'", code: .unknownStore)
        }
        let keyBytes: [UInt8]
        do { keyBytes = try keySerde(of: store).serialize(key) } catch {
            throw StreamrunError("bad key: \(error)", code: .badKey)
        }
        let partition = Murmur2Partitioner.partition(of: keyBytes, partitions: subtopology.partitions)
        return (keyBytes, TaskId(subtopology: subtopology.id, partition: partition))
    }

    /// A record for `topic`: key and value serialized with the topic's serdes (null stays null), in
    /// the partition Kafka's clients would choose (murmur2 of the key; 0 without a key).
    func record(for topic: TopicDeclaration, key: Value, value: Value, timestamp: Int64) throws -> OutgoingRecord {
        guard let serdes = serdes(topic: topic.name) else {
            throw StreamrunError("unknown topic '\(topic.name)'", code: .unknownTopic)
        }
        let keyBytes = key.isNull ? nil : try serdes.key.serialize(key)
        let valueBytes = value.isNull ? nil : try serdes.value.serialize(value)
        let partition = keyBytes.map { Murmur2Partitioner.partition(of: $0, partitions: topic.partitions) } ?? 0
        return OutgoingRecord(
            topic: topic.name, partition: partition, key: keyBytes, value: valueBytes, timestamp: timestamp)
    }
}

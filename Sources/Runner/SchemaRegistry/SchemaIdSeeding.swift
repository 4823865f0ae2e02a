import Plugins
package import StreamrunEngine
package import TopologyDSL

/// Without a schema registry, a runner keeps its Avro schema ids itself, in the same place a
/// registry would: the `_schemas` topic of its transport (Kafka, or the embedded log in its data
/// directory). Before processing, each Avro type of each topic is registered there under the
/// topic's subject and the id is pinned in the in-process ids, so ids (and the key bytes they
/// are part of) stay the same across restarts.
package enum SchemaIdSeeding {
    package static func seed(_ plugins: PluginRegistry, graph: TopologyGraph, transport: any LogTransport) async throws
    {
        guard let avro = plugins.serdes["avro"] as? AvroSerdePlugin, let ids = avro.ids as? LocalSchemaIds else {
            return
        }
        let avroTopics = graph.topics.filter { $0.keyType.serde == "avro" || $0.valueType.serde == "avro" }
        guard !avroTopics.isEmpty else { return }
        let store = try SchemaRegistryStore(transport: transport, checker: AvroSchemaChecker())
        try await store.load()
        for topic in avroTopics {
            for (type, isKey) in [(topic.keyType, true), (topic.valueType, false)] where type.serde == "avro" {
                guard let schema = avro.schemas.schema(for: type) else { continue }
                let subject = AvroSerdePlugin.subject(topic: topic.name, isKey: isKey)
                let registered = try await store.register(schema.json, subject: subject)
                try ids.register(schema, id: registered.id, subject: subject)
            }
        }
    }
}

package import Logging
import Plugins
package import StreamrunEngine
package import TopologyDSL

/// Before processing, every serde plugin prepares for the topology (`SerdePlugin.prepare`): the
/// Avro plugin learns the ids of its topics' schemas ahead, from the configured registry or,
/// without one, from the transport's own `_schemas` topic, opened here on first use (ids, and the
/// key bytes they are part of, stay the same across restarts). A registry that cannot be asked
/// now is logged and the start goes on: the serdes ask it when they need to.
package enum SchemaIdSeeding {
    package static func seed(
        _ plugins: PluginRegistry, graph: TopologyGraph, transport: any LogTransport, logger: Logger
    ) async throws {
        let local = LocalRegistry(transport: transport)
        let preparation = SerdePreparation(graph: graph, localRegistry: { try await local.opened() })
        for plugin in plugins.serdes.values.sorted(by: { $0.name < $1.name }) {
            do { try await plugin.prepare(preparation) } catch let error as AvroError where error.isRetriable {
                logger.warning("serde '\(plugin.name)': \(error); its schema ids are asked for when first needed")
            }
        }
    }

    /// The transport's `_schemas` registry, loaded once, when a plugin first asks for it.
    private actor LocalRegistry {
        let transport: any LogTransport
        private var store: SchemaRegistryStore?

        init(transport: any LogTransport) { self.transport = transport }

        func opened() async throws -> any SchemaRegistrar {
            if let store { return store }
            let opened = try SchemaRegistryStore(transport: transport, checker: AvroSchemaChecker())
            try await opened.load()
            store = opened
            return opened
        }
    }
}

import Hummingbird
public import Logging
import ServiceLifecycle
import StreamrunEngine
import StreamrunHTTP
import StreamrunKafka
import StreamrunLog
import UnixSignals

/// `streamrun schema-registry`: the core of Confluent's Schema Registry REST API, persisted in a
/// compacted `_schemas` topic on Kafka, or in the embedded log of a data directory.
public struct SchemaRegistryServer: Sendable {
    public let options: ServerOptions
    let logger: Logger

    public init(options: ServerOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Loads the stored schemas, then serves until SIGTERM or SIGINT.
    public func run() async throws {
        let transport: any LogTransport
        if let servers = options.bootstrapServers {
            var kafka = KafkaConfiguration(
                bootstrapServers: servers, clientId: options.instanceId ?? "streamrun-schema-registry")
            for property in options.kafkaProperties { try kafka.addProperty(property) }
            transport = try KafkaTransport(configuration: kafka)
        } else {
            transport = try EmbeddedLog.opening(dataDirectory: options.dataDirectory)
        }
        let store = try SchemaRegistryStore(transport: transport, checker: AvroSchemaChecker())
        try await store.load()
        let router = Router()
        SchemaRegistryRoutes(store: store).register(on: router)
        let app = HTTPServer.application(router: router, host: options.host, port: options.port, logger: logger)
        let location = options.bootstrapServers.map { "_schemas on Kafka at \($0)" } ?? "\(options.dataDirectory)"
        let subjects = await store.subjects.count
        logger.info("schema registry with \(subjects) subjects from \(location)")
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TopologyDSL

/// A topology running with its HTTP API: the runner on the chosen transport plus the Hummingbird
/// server, as one `ServiceGroup` that commits and closes cleanly on SIGTERM/SIGINT. A custom app
/// may add routes to `router` before calling `run()`.
public final class StreamrunServer: @unchecked Sendable {
    public let runner: StreamRunner
    public let router: Router<BasicRequestContext>
    public let options: ServerOptions
    let plugins: PluginRegistry
    let logger: Logger

    public init(graph: TopologyGraph, plugins: PluginRegistry, options: ServerOptions, logger: Logger) throws {
        self.options = options
        self.plugins = plugins
        self.logger = logger
        let instance = options.instanceId ?? "\(ProcessInfo.processInfo.hostName)-\(options.port)"
        let configuration = RunnerConfiguration(dataDirectory: options.dataDirectory, commitIntervalMs: options.commitIntervalMs,
                                                instanceId: instance,
                                                advertisedURL: options.advertisedURL ?? "http://127.0.0.1:\(options.port)")
        runner = try StreamRunner(graph: graph, transport: try Self.transport(graph: graph, options: options, instance: instance),
                                  configuration: configuration, plugins: plugins, logger: logger)
        router = HTTPServer.router(for: runner)
    }

    private static func transport(graph: TopologyGraph, options: ServerOptions, instance: String) throws -> LogTransport {
        guard let servers = options.bootstrapServers else { return try EmbeddedLog(directory: "\(options.dataDirectory)/log") }
        // The range assignor gives partition N of every co-partitioned topic to the same member, which
        // a task needs (Kafka Streams uses its own assignor for this).
        var kafka = KafkaConfiguration(bootstrapServers: servers, clientId: instance, properties: graph.kafkaProperties,
                                       assignmentStrategy: "range")
        for property in options.kafkaProperties { try kafka.addProperty(property) }
        return try KafkaTransport(configuration: kafka)
    }

    /// Serves until SIGTERM or SIGINT, then stops HTTP, commits and closes.
    public func run() async throws {
        try await SchemaIdSeeding.seed(plugins, graph: runner.graph, transport: runner.transport)
        let app = HTTPServer.application(router: router, host: options.host, port: options.port, logger: logger)
        let location = options.bootstrapServers.map { "Kafka at \($0)" } ?? "the embedded log in \(options.dataDirectory)"
        logger.info("running \(runner.graph.application) as \(runner.configuration.instanceId) on \(location)")
        let group = ServiceGroup(configuration: .init(services: [runner, app], gracefulShutdownSignals: [.sigterm, .sigint],
                                                     logger: logger))
        try await group.run()
        logger.info("stopped cleanly")
    }
}

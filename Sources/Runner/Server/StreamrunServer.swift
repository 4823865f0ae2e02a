import Foundation
public import Hummingbird
public import Logging
import ServiceLifecycle
import StreamrunEngine
import StreamrunHTTP
import StreamrunKafka
import StreamrunLog
import StreamrunSchemaRegistry
public import TopologyDSL
import UnixSignals

/// A topology running with its HTTP API: the runner on the chosen transport plus the Hummingbird
/// server, as one `ServiceGroup` that commits and closes cleanly on SIGTERM/SIGINT. A custom app
/// may add routes to `router` before calling `run()`.
// @unchecked Sendable: immutable after init but for the non-Sendable `router`, which the app configures before
// `run()`; `run()` builds the HTTP responder from it and nothing touches it after.
public final class StreamrunServer: @unchecked Sendable {
    public let runner: StreamRunner
    public let router: Router<BasicRequestContext>
    public let options: ServerOptions
    let plugins: PluginRegistry
    let logger: Logger

    /// A server for `graph`; `transport` lets several topologies of one process share a log (by
    /// default each makes its own from the options).
    public init(
        graph: TopologyGraph, plugins: PluginRegistry, options: ServerOptions, logger: Logger,
        transport: (any LogTransport)? = nil
    ) throws {
        self.options = options
        self.plugins = plugins
        self.logger = logger
        let instance = options.instanceId ?? "\(ProcessInfo.processInfo.hostName)-\(options.port)"
        let configuration = RunnerConfiguration(
            dataDirectory: options.dataDirectory, commitIntervalMs: options.commitIntervalMs,
            instanceId: instance,
            advertisedURL: options.advertisedURL ?? "http://127.0.0.1:\(options.port)",
            processingGuarantee: options.processingGuarantee ?? graph.processingGuarantee ?? .atLeastOnce)
        runner = try StreamRunner(
            graph: graph,
            transport: try transport ?? Self.transport(graph: graph, options: options, instance: instance),
            configuration: configuration, plugins: plugins, logger: logger)
        router = try HTTPServer.router(for: runner)
    }

    /// The log `options` name: Kafka with bootstrap servers, else the embedded log in the data directory.
    public static func transport(graph: TopologyGraph, options: ServerOptions, instance: String) throws
        -> any LogTransport
    {
        guard let servers = options.bootstrapServers else {
            return try EmbeddedLog.opening(dataDirectory: options.dataDirectory)
        }
        // The range assignor gives partition N of every co-partitioned topic to the same member, which
        // a task needs (Kafka Streams uses its own assignor for this).
        var kafka = KafkaConfiguration(
            bootstrapServers: servers, clientId: instance, properties: graph.kafkaProperties,
            assignmentStrategy: "range")
        for property in options.kafkaProperties { try kafka.addProperty(property) }
        return try KafkaTransport(configuration: kafka)
    }

    /// Serves until SIGTERM or SIGINT, then stops HTTP, commits and closes.
    public func run() async throws {
        try await Self.run([self], logger: logger)
    }

    /// Runs several servers (topologies) in one process, in one service group: HTTP stops first,
    /// then every runner commits and closes.
    public static func run(_ servers: [StreamrunServer], logger: Logger) async throws {
        var runners: [any Service] = []
        var apps: [any Service] = []
        for server in servers {
            try await SchemaIdSeeding.seed(
                server.plugins, graph: server.runner.graph, transport: server.runner.transport, logger: logger)
            let options = server.options
            apps.append(
                HTTPServer.application(
                    router: server.router, host: options.host, port: options.port,
                    idleTimeoutSeconds: options.idleTimeoutSeconds,
                    readTimeoutSeconds: options.readTimeoutSeconds, logger: logger))
            runners.append(server.runner)
            let location =
                options.bootstrapServers.map { "Kafka at \($0)" } ?? "the embedded log in \(options.dataDirectory)"
            logger.info(
                "running \(server.runner.graph.application) as \(server.runner.configuration.instanceId) on \(location), HTTP port \(options.port)"
            )
        }
        let group = ServiceGroup(
            configuration: .init(
                services: runners + apps, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        logger.info("stopped cleanly")
    }
}

public import ArgumentParser
import Foundation
import Logging
import Plugins
public import Runner
public import TopologyDSL

/// The options of every `run` command (the `streamrun` CLI's and a custom app's), and serving with them.
public struct RunOptions: ParsableArguments {
    @Option(help: "HTTP port.") public var port: Int = 8080
    @Option(help: "HTTP bind address.") public var host: String = "0.0.0.0"
    @Option(name: .customLong("data-dir"), help: "Directory for the embedded log and the stores.") public var dataDir:
        String = "./data"
    @Option(name: .customLong("commit-interval-ms"), help: "Commit interval in milliseconds.") public
        var commitIntervalMs: Int = 1_000
    @Option(name: .customLong("bootstrap-servers"), help: "Run on Kafka: the brokers' HOST:PORT list.") public
        var bootstrapServers: String?
    @Option(
        name: .customLong("advertised-url"),
        help: "Where other instances reach this one (default http://127.0.0.1:PORT).")
    public var advertisedURL: String?
    @Option(name: .customLong("instance-id"), help: "This instance's name in the group (default HOSTNAME-PORT).")
    public var instanceId: String?
    @Option(
        name: .customLong("kafka"),
        help: "A librdkafka property KEY=VALUE (repeatable); overrides the file's kafka: section.")
    public var kafkaProperties: [String] = []
    @Option(name: .customLong("schema-registry"), help: "A Confluent-compatible schema registry for Avro types (URL).")
    public var schemaRegistry: String?
    @Option(
        name: .customLong("idle-timeout-seconds"),
        help:
            "Close an HTTP connection that sends nothing for this long (a request stalled midway is answered 408 first)."
    )
    public var idleTimeoutSeconds: Double = 30
    @Option(
        name: .customLong("read-timeout-seconds"),
        help: "Answer 408 and close when one HTTP request (head and body) takes longer than this to arrive.")
    public var readTimeoutSeconds: Double = 60
    @Option(
        name: .customLong("processing-guarantee"),
        help: "at-least-once or exactly-once (Kafka transactions); overrides the file's processing.guarantee.")
    public var processingGuarantee: ProcessingGuarantee?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") public
        var logLevel: String = "info"

    public init() {}

    public func validate() throws {
        for property in kafkaProperties where !property.contains("=") {
            throw ValidationError("--kafka takes KEY=VALUE, got '\(property)'")
        }
        for (name, seconds) in [
            ("idle-timeout-seconds", idleTimeoutSeconds), ("read-timeout-seconds", readTimeoutSeconds),
        ]
        where !(seconds > 0 && seconds.isFinite) {
            throw ValidationError("--\(name) must be a positive number of seconds, got \(seconds)")
        }
    }

    /// Every shipped plugin (`StreamrunPlugins`), with Avro schema ids from `--schema-registry` (or the file's
    /// `schema-registry:` setting) when given. Load the topology and run it with the same registry
    /// (it holds the schemas the topology loaded).
    public func plugins(for file: String? = nil) -> PluginRegistry {
        let url = schemaRegistry ?? file.flatMap { TopologyLoader.setting("schema-registry", inFile: $0) }
        return StreamrunPlugins.registry(schemaIds: url.map { SchemaRegistryClient(baseURL: $0) } ?? LocalSchemaIds())
    }

    public var serverOptions: ServerOptions {
        ServerOptions(
            port: port, host: host, dataDirectory: dataDir, commitIntervalMs: commitIntervalMs,
            bootstrapServers: bootstrapServers, advertisedURL: advertisedURL, instanceId: instanceId,
            kafkaProperties: kafkaProperties, idleTimeoutSeconds: idleTimeoutSeconds,
            readTimeoutSeconds: readTimeoutSeconds, processingGuarantee: processingGuarantee)
    }

    /// Runs `graph` with these options until SIGTERM; exits 1 with a logged reason if it cannot start.
    /// `customize` may add routes before the server starts.
    public func serve(
        _ graph: TopologyGraph, plugins: PluginRegistry,
        customize: (StreamrunServer) -> Void = { _ in }
    ) async throws {
        try await serve([graph], plugins: plugins, customize: customize)
    }

    /// Runs several topologies in one process over one log: the first serves HTTP on `--port`, the
    /// next on the following ports.
    public func serve(
        _ graphs: [TopologyGraph], plugins: PluginRegistry,
        customize: (StreamrunServer) -> Void = { _ in }
    ) async throws {
        // Global logging is the app's (its `main` bootstraps it once); this only picks the level.
        var logger = Logger(label: "streamrun")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let servers: [StreamrunServer]
        do {
            // Opening the log (a recovery scan on disk) and creating topics (broker calls) block.
            let (serverOptions, instance) = (serverOptions, instanceId ?? "streamrun-\(port)")
            servers = try await DedicatedThread.run { [logger] in
                var servers: [StreamrunServer] = []
                var transport: (any LogTransport)?
                for (index, graph) in graphs.enumerated() {
                    var options = serverOptions
                    options.port += index
                    if index > 0 { options.advertisedURL = nil }
                    let shared =
                        try transport ?? StreamrunServer.transport(graph: graph, options: options, instance: instance)
                    transport = shared
                    servers.append(
                        try StreamrunServer(
                            graph: graph, plugins: plugins, options: options, logger: logger, transport: shared))
                }
                return servers
            }
        } catch {
            logger.critical("cannot start \(graphs.map(\.application).joined(separator: ", ")): \(error)")
            throw ExitCode(1)
        }
        servers.forEach(customize)
        try await StreamrunServer.run(servers, logger: logger)
    }
}

extension ProcessingGuarantee: ExpressibleByArgument {}

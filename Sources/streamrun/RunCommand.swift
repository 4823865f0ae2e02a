import ArgumentParser
import Foundation
import Logging
import Plugins
import Runner
import ServiceLifecycle
import TopologyDSL

/// `streamrun run FILE`: runs the topology on the embedded log (or on Kafka with
/// `--bootstrap-servers`) and serves its HTTP API until SIGTERM.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a topology and serve its HTTP API.")

    @Argument(help: "The topology YAML file.") var file: String
    @Option(help: "HTTP port.") var port: Int = 8080
    @Option(help: "HTTP bind address.") var host: String = "0.0.0.0"
    @Option(name: .customLong("data-dir"), help: "Directory for the embedded log and the stores.") var dataDir: String = "./data"
    @Option(name: .customLong("commit-interval-ms"), help: "Commit interval in milliseconds.") var commitIntervalMs: Int = 1_000
    @Option(name: .customLong("bootstrap-servers"), help: "Run on Kafka: the brokers' HOST:PORT list.") var bootstrapServers: String?
    @Option(name: .customLong("advertised-url"), help: "Where other instances reach this one (default http://127.0.0.1:PORT).")
    var advertisedURL: String?
    @Option(name: .customLong("instance-id"), help: "This instance's name in the group (default HOSTNAME-PORT).") var instanceId: String?
    @Option(name: .customLong("kafka"), help: "A librdkafka property KEY=VALUE (repeatable); overrides the file's kafka: section.")
    var kafkaProperties: [String] = []
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") var logLevel: String = "info"

    func validate() throws {
        for property in kafkaProperties where !property.contains("=") {
            throw ValidationError("--kafka takes KEY=VALUE, got '\(property)'")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "streamrun")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        guard let graph = TopologyFileLoading.load(file) else { throw ExitCode(1) }
        let instance = instanceId ?? "\(ProcessInfo.processInfo.hostName)-\(port)"
        let configuration = RunnerConfiguration(dataDirectory: dataDir, commitIntervalMs: commitIntervalMs, instanceId: instance,
                                                advertisedURL: advertisedURL ?? "http://127.0.0.1:\(port)")
        let runner: StreamRunner
        do {
            let transport = try makeTransport(graph: graph, instance: instance)
            runner = try StreamRunner(graph: graph, transport: transport, configuration: configuration,
                                      plugins: BuiltinPlugins.registry, logger: logger)
        } catch {
            logger.critical("cannot start \(graph.application): \(error)")
            throw ExitCode(1)
        }
        let app = HTTPServer.application(router: HTTPServer.router(for: runner), host: host, port: port, logger: logger)
        let location = bootstrapServers.map { "Kafka at \($0)" } ?? "the embedded log in \(dataDir)"
        logger.info("running \(graph.application) from \(file) as \(instance) on \(location)")
        let group = ServiceGroup(configuration: .init(services: [runner, app], gracefulShutdownSignals: [.sigterm, .sigint],
                                                     logger: logger))
        try await group.run()
        logger.info("stopped cleanly")
    }

    private func makeTransport(graph: TopologyGraph, instance: String) throws -> LogTransport {
        guard let bootstrapServers else { return try EmbeddedLog(directory: "\(dataDir)/log") }
        // The range assignor gives partition N of every co-partitioned topic to the same member, which
        // a task needs (Kafka Streams uses its own assignor for this).
        var kafka = KafkaConfiguration(bootstrapServers: bootstrapServers, clientId: instance, properties: graph.kafkaProperties,
                                       assignmentStrategy: "range")
        for property in kafkaProperties { try kafka.addProperty(property) }
        return try KafkaTransport(configuration: kafka)
    }
}

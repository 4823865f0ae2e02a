import ArgumentParser
import Foundation
import Logging
import Plugins
import Runner
import ServiceLifecycle
import TopologyDSL

/// `streamrun run FILE`: runs the topology on the embedded log and serves its HTTP API until SIGTERM.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a topology and serve its HTTP API.")

    @Argument(help: "The topology YAML file.") var file: String
    @Option(help: "HTTP port.") var port: Int = 8080
    @Option(help: "HTTP bind address.") var host: String = "0.0.0.0"
    @Option(name: .customLong("data-dir"), help: "Directory for the embedded log and the stores.") var dataDir: String = "./data"
    @Option(name: .customLong("commit-interval-ms"), help: "Commit interval in milliseconds.") var commitIntervalMs: Int = 1_000
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") var logLevel: String = "info"

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "streamrun")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        guard let graph = TopologyFileLoading.load(file) else { throw ExitCode(1) }
        let transport = try EmbeddedLog(directory: "\(dataDir)/log")
        let runner = try StreamRunner(graph: graph, transport: transport,
                                      configuration: RunnerConfiguration(dataDirectory: dataDir, commitIntervalMs: commitIntervalMs),
                                      plugins: BuiltinPlugins.registry, logger: logger)
        let app = HTTPServer.application(router: HTTPServer.router(for: runner), host: host, port: port, logger: logger)
        logger.info("running \(graph.application) from \(file) on the embedded log in \(dataDir)")
        let group = ServiceGroup(configuration: .init(services: [runner, app], gracefulShutdownSignals: [.sigterm, .sigint],
                                                     logger: logger))
        try await group.run()
        logger.info("stopped cleanly")
    }
}

import ArgumentParser
import Plugins
import StreamrunCommands

/// `streamrun run FILE`: runs the topology on the embedded log (or on Kafka with
/// `--bootstrap-servers`) and serves its HTTP API until SIGTERM.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a topology and serve its HTTP API.")

    @Argument(help: "The topology YAML file.") var file: String
    @OptionGroup var options: RunOptions

    func run() async throws {
        let plugins = options.plugins(for: file)
        guard let graph = TopologyFileLoading.load(file, plugins: plugins) else { throw ExitCode(1) }
        try await options.serve(graph, plugins: plugins)
    }
}

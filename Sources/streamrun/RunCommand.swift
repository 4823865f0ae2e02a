import ArgumentParser
import Plugins
import StreamrunCommands

/// `streamrun run FILE [FILE...]`: runs the topologies on the embedded log (or on Kafka with
/// `--bootstrap-servers`) and serves their HTTP APIs (on `--port`, `--port`+1, ...) until SIGTERM.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a topology and serve its HTTP API.")

    @Argument(help: "The topology YAML files (several run in one process over the same log).") var files: [String]
    @OptionGroup var options: RunOptions

    func run() async throws {
        let plugins = options.plugins(for: files.first)
        let graphs = files.compactMap { TopologyFileLoading.load($0, plugins: plugins) }
        guard graphs.count == files.count, !graphs.isEmpty else { throw ExitCode(1) }
        try await options.serve(graphs, plugins: plugins)
    }
}

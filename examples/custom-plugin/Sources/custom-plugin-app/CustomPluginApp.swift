import ArgumentParser
import Foundation
import Logging
import Plugins
import StreamrunCommands
import TopologyDSL

/// A custom app that registers its own serde, operator and processor plugins, then runs a YAML topology that
/// names them (by default examples/custom-plugin/topology.yaml).
/// The app's entry: it owns global logging and bootstraps it once, before it runs streamrun.
@main
enum Main {
    static func main() async {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        await CustomPluginApp.main()
    }
}

struct CustomPluginApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custom-plugin-app",
        abstract: "Run a YAML topology with the app's own plugins.")

    @Argument(help: "The topology YAML file.") var file: String = "examples/custom-plugin/topology.yaml"
    @OptionGroup var options: RunOptions

    /// The built-in plugins plus this app's.
    static var plugins: PluginRegistry {
        var registry = StreamrunPlugins.registry
        registry.register(serde: TextIntegerSerde())
        registry.register(operator: ClampOperator())
        registry.register(processor: DedupePlugin())
        return registry
    }

    func run() async throws {
        let plugins = Self.plugins
        let graph: TopologyGraph
        do {
            graph = try TopologyLoader(plugins: plugins).load(file: file)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        try await options.serve(graph, plugins: plugins)
    }
}

import ArgumentParser
import TopologyDSL

/// `streamrun validate FILE`: reports every problem with its line and column; exit 1 if any.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check a topology file.")

    @Argument(help: "The topology YAML file.") var file: String

    func run() throws {
        guard let graph = TopologyFileLoading.load(file) else { throw ExitCode(1) }
        print(
            "\(file): ok (\(graph.nodes.count) operators, \(graph.subtopologies.count) sub-topologies, \(graph.stores.count) stores)"
        )
    }
}

import ArgumentParser
import StreamrunCommands

/// `streamrun describe FILE [--format text|json|mermaid]`: prints the compiled operator graph.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Print the compiled operator graph.")

    @Argument(help: "The topology YAML file.") var file: String
    @Option(help: "text, json or mermaid.") var format: DescribeFormat = .text

    func run() throws {
        guard let graph = TopologyFileLoading.load(file) else { throw ExitCode(1) }
        print(format.render(graph), terminator: "")
    }
}

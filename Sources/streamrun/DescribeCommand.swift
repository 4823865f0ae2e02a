import ArgumentParser
import TopologyDSL

/// `streamrun describe FILE [--format text|json|mermaid]`: prints the compiled operator graph.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Print the compiled operator graph.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, mermaid }

    @Argument(help: "The topology YAML file.") var file: String
    @Option(help: "text, json or mermaid.") var format: Format = .text

    func run() throws {
        guard let graph = TopologyFileLoading.load(file) else { throw ExitCode(1) }
        let description = TopologyDescription(graph)
        switch format {
        case .text: print(description.text, terminator: "")
        case .json: print(description.json, terminator: "")
        case .mermaid: print(description.mermaid, terminator: "")
        }
    }
}

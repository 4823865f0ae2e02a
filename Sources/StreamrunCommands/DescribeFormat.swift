public import ArgumentParser
public import TopologyDSL

/// How `describe` prints a graph.
public enum DescribeFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json, mermaid

    /// `graph` in this format.
    public func render(_ graph: TopologyGraph) -> String {
        let description = TopologyDescription(graph)
        switch self {
        case .text: return description.text
        case .json: return description.json
        case .mermaid: return description.mermaid
        }
    }
}

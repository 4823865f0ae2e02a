/// Something a `Topology` body lists: a topic, a stream or table, a sink, an HTTP endpoint, a group.
public protocol TopologyComponent: Sendable {
    /// Registers what this component adds to the graph; the context runs it when the topology is built.
    func contribute(to context: TopologyContext)
}

/// Several components as one, to compose topologies from functions (like SwiftUI's `Group`; named apart from it).
public struct TopologyGroup: TopologyComponent {
    public let components: [any TopologyComponent]

    public init(@TopologyBuilder _ content: () -> [any TopologyComponent]) { components = content() }

    public func contribute(to context: TopologyContext) {
        for component in components { component.contribute(to: context) }
    }
}

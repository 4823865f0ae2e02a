/// A typed record stream (Kafka Streams' `KStream`): every operator returns a new stream, table or
/// sink; nothing is added to the graph until the topology is built.
///
/// A stream has a name: its steps are named `<name>-<n>-<kind>` (`orders-1-filter`), as in YAML,
/// unless a step is given its own name with `named:`. A topic's stream is named after the topic.
///
/// Swift type-checks a chain of closures as one expression: a long chain whose closures call
/// overloaded initializers (`String(...)`, `Int32(...)`) can be slow to compile; split it with `let`s.
public struct KStream<K: StreamValue, V: StreamValue>: TopologyComponent {
    let node: DSLNode
    /// The name later steps are numbered under.
    public let name: String
    /// How many steps were numbered under `name` so far.
    let stepCount: Int

    init(node: DSLNode, name: String, stepCount: Int) {
        self.node = node
        self.name = name
        self.stepCount = stepCount
    }

    public func contribute(to context: TopologyContext) {
        let node = node
        context.onGraph { _ = $0.ref(node) }
    }

    /// This stream under another name: later steps are named `<name>-<n>-<kind>` (YAML's
    /// `streams: name: { from: other }`); adds no node.
    public func named(_ name: String) -> KStream<K, V> {
        KStream(node: node, name: name, stepCount: 0)
    }

    /// Adds one step after this stream: a node named `named` or `<name>-<n>-<stepKind>`.
    func step<K2, V2>(
        _ spec: some OperatorSpec, named: String?, keyType: ValueType? = nil,
        valueType: ValueType? = nil, changesKey: Bool = false,
        at location: SourceLocation
    ) -> KStream<K2, V2> {
        let index = stepCount + 1
        let nodeName = named ?? "\(name)-\(index)-\(spec.kind.name)"
        let parent = node
        let next = DSLNode(location) { context in
            guard let input = context.ref(parent) else { return nil }
            return context.builder.step(
                input, named: nodeName, spec, keyType: keyType, valueType: valueType,
                changesKey: changesKey, location: location)
        }
        return KStream<K2, V2>(node: next, name: name, stepCount: index)
    }
}

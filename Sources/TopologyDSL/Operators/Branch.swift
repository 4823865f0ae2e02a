/// The `branch` operator, Kafka Streams' `KStream.split` (formerly `KStream.branch`): a stream
/// split by conditions, one node per branch, each lowered by `GraphBuilder.step`.
///
/// One branch of a stream: the records `predicate` sends this way (it already excludes what
/// earlier branches took).
public struct BranchSpec: OperatorSpec {
    public var kind: OperatorKind { .branch }
    public let predicate: RecordPredicate
    public var readsKey: Bool { true }
    public init(predicate: @escaping RecordPredicate) { self.predicate = predicate }
}

/// One branch of `KStream.branch`: a name and the condition a record must meet (none for the default).
public struct Branch<K: StreamValue, V: StreamValue>: Sendable {
    public let name: String
    let predicate: RecordPredicate?

    /// A branch taking the records for which `predicate` is true (and no earlier branch's was).
    public init(_ name: String, where predicate: @escaping @Sendable (K, V) throws -> Bool) {
        self.name = name
        self.predicate = { key, value in try predicate(K.read(key, as: "key"), V.read(value, as: "value")) }
    }

    /// A default branch: every record no earlier branch took.
    public init(_ name: String) {
        self.name = name
        predicate = nil
    }
}

/// The streams `KStream.branch` made, by branch name; list it in a body to add branches nothing reads.
public struct Branches<K: StreamValue, V: StreamValue>: TopologyComponent {
    let node: DSLNode
    let token: BranchToken
    /// The branch names, in order.
    public let names: [String]
    let location: SourceLocation

    public func contribute(to context: TopologyContext) {
        let node = node
        context.onGraph { _ = $0.ref(node) }
    }

    /// The branch `name` as a stream (itself named `name`); an unknown name is reported when the topology is built.
    public subscript(name: String) -> KStream<K, V> {
        let group = node
        let token = token
        let names = names
        let location = location
        let next = DSLNode(location) { context in
            guard context.ref(group) != nil, let outputs = context.branchOutputs[ObjectIdentifier(token)] else {
                return nil
            }
            guard let found = outputs.first(where: { $0.name == name }) else {
                context.error("no branch named '\(name)'; branches: \(names.joined(separator: ", "))", at: location)
                return nil
            }
            return found.ref
        }
        return KStream(node: next, name: name, stepCount: 0)
    }

    /// The branches as streams, in order.
    public var streams: [KStream<K, V>] { names.map { self[$0] } }
}

/// Identifies one `branch` call's outputs in the context.
final class BranchToken: Sendable {}

/// Splitting a stream by conditions.
extension KStream {
    /// Splits the stream: each record goes to the first branch whose condition it meets (a default
    /// branch takes the rest; a record no branch takes is dropped). The nodes are
    /// `<name>-branch-<branch>`; each branch is a stream named after the branch.
    public func branch(
        _ branches: Branch<K, V>..., file: String = #fileID, line: Int = #line,
        column: Int = #column
    ) -> Branches<K, V> {
        let parent = node
        let streamName = name
        let token = BranchToken()
        let location = SourceLocation(file, line, column)
        let node = DSLNode(location) { context in
            guard let input = context.ref(parent) else { return nil }
            if branches.isEmpty { context.error("'branch' needs at least one branch", at: location) }
            var seen = Set<String>()
            var earlier: [RecordPredicate] = []
            var outputs: [(name: String, ref: StreamRef)] = []
            for branch in branches {
                if !seen.insert(branch.name).inserted {
                    context.error("branch '\(branch.name)' is declared twice", at: location)
                }
                let previous = earlier
                let own = branch.predicate ?? { _, _ in true }
                let predicate: RecordPredicate = { key, value in
                    for p in previous where try p(key, value) { return false }
                    return try own(key, value)
                }
                earlier.append(own)
                let ref = context.builder.step(
                    input, named: "\(streamName)-branch-\(branch.name)", BranchSpec(predicate: predicate),
                    location: location)
                outputs.append((branch.name, ref))
            }
            context.branchOutputs[ObjectIdentifier(token)] = outputs
            return input
        }
        return Branches(node: node, token: token, names: branches.map(\.name), location: location)
    }
}

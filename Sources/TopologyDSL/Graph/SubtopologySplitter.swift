/// Splits nodes into connected sub-topologies and checks that each one's source topics are co-partitioned.
struct SubtopologySplitter {
    let nodes: [GraphNode]
    let stores: [StoreDeclaration]
    let topics: [TopicDeclaration]

    func split(errors: inout [Diagnostic]) -> [Subtopology] {
        var root = Array(nodes.indices)
        func find(_ i: Int) -> Int {
            var i = i
            while root[i] != i {
                root[i] = root[root[i]]
                i = root[i]
            }
            return i
        }
        for node in nodes {
            for parent in node.parents { root[find(node.id)] = find(parent) }
        }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for node in nodes {
            let r = find(node.id)
            if groups[r] == nil { order.append(r) }
            groups[r, default: []].append(node.id)
        }
        var result: [Subtopology] = []
        for r in order {
            let members = topologicalOrder(groups[r]!)
            let sources = members.filter { nodes[$0].parents.isEmpty }.compactMap { nodes[$0].topic }
            let sinks = members.filter { nodes[$0].kind == .sink }.compactMap { nodes[$0].topic }
            let counts = sources.compactMap { name in topics.first { $0.name == name }.map { (name, $0.partitions) } }
            let distinct = Set(counts.map(\.1))
            if distinct.count > 1 {
                let list = counts.map { "\($0.0) (\($0.1) partitions)" }.joined(separator: ", ")
                let location = members.compactMap { nodes[$0].location }.first
                errors.append(
                    Diagnostic(
                        "topics joined or merged in one sub-topology must be co-partitioned, but: \(list)", at: location
                    ))
            }
            let storeNames = stores.filter { members.contains($0.node) }.map(\.name)
            result.append(
                Subtopology(
                    id: result.count, nodes: members, sourceTopics: uniq(sources), sinkTopics: uniq(sinks),
                    stores: storeNames, partitions: counts.map(\.1).max() ?? 1))
        }
        return result
    }

    private func topologicalOrder(_ members: [Int]) -> [Int] {
        // Node ids are assigned as nodes are added, and parents are always added first.
        members.sorted()
    }

    private func uniq(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}

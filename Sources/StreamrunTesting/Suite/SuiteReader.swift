import TopologyDSL
import Yams

/// Reads Yams nodes of a suite file with their positions, collecting every problem as a
/// diagnostic instead of stopping at the first.
struct SuiteReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    mutating func error(_ message: String, at node: Node) {
        diagnostics.append(Diagnostic(message, at: location(node)))
    }

    /// The entries of a mapping in order, checked against `allowed`; reports a non-mapping,
    /// unknown keys and duplicates.
    mutating func mapping(_ node: Node, _ what: String, allowed: [String]? = nil) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error("\(what) must be a mapping", at: node)
            return nil
        }
        var seen = Set<String>()
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                error("\(what) keys must be plain names", at: keyNode)
                continue
            }
            if !seen.insert(key).inserted { error("duplicate key '\(key)' in \(what)", at: keyNode) }
            if let allowed, !allowed.contains(key) {
                error("unknown key '\(key)' in \(what); expected one of: \(allowed.joined(separator: ", "))", at: keyNode)
                continue
            }
            entries.append((key, keyNode, value))
        }
        return entries
    }

    mutating func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            error("\(what) must be a list", at: node)
            return nil
        }
        return Array(sequence)
    }

    mutating func string(_ node: Node, _ what: String) -> String? {
        guard let scalar = node.scalar else {
            error("\(what) must be a string", at: node)
            return nil
        }
        return scalar.string
    }

    mutating func int(_ node: Node, _ what: String, atLeast minimum: Int64 = .min) -> Int64? {
        guard let text = node.scalar?.string, let value = Int64(text) else {
            error("\(what) must be an integer", at: node)
            return nil
        }
        guard value >= minimum else {
            error("\(what) must be at least \(minimum), got \(value)", at: node)
            return nil
        }
        return value
    }

    func value(_ node: Node) -> YAMLValue { YAMLValue(node: node, location: location(node)) }
}

extension [(key: String, keyNode: Node, value: Node)] {
    func entry(_ key: String) -> Node? { first { $0.key == key }?.value }
}

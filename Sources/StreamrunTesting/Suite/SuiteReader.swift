import TopologyDSL
import Yams

/// Reads Yams nodes of a suite file with their positions, collecting every problem as a
/// diagnostic instead of stopping at the first.
struct SuiteReader {
    /// The topology files' reader: positions, diagnostics and mappings are read the same way.
    private var yaml: YAMLReader

    init(file: String) { yaml = YAMLReader(file: file) }

    var file: String { yaml.file }
    var diagnostics: [Diagnostic] {
        get { yaml.diagnostics }
        set { yaml.diagnostics = newValue }
    }

    func location(_ node: Node) -> SourceLocation { yaml.location(node) }

    mutating func error(_ message: String, at node: Node) { yaml.error(message, at: node) }

    /// The entries of a mapping in order, checked against `allowed` (unknown keys are reported
    /// and left out); reports a non-mapping and duplicates.
    mutating func mapping(_ node: Node, _ what: String, allowed: [String]? = nil) -> [(
        key: String, keyNode: Node, value: Node
    )]? {
        guard let entries = yaml.mapping(node, what) else { return nil }
        guard let allowed else { return entries }
        yaml.checkKeys(entries, allowed: allowed, in: what)
        return entries.filter { allowed.contains($0.key) }
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

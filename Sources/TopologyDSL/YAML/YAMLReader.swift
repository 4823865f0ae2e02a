package import Yams

/// Reads Yams nodes with positions, collecting every shape error as a diagnostic instead of stopping
/// (topology files here; `streamrun test`'s suite files build on it too).
package struct YAMLReader {
    package let file: String
    package var diagnostics: [Diagnostic] = []

    package init(file: String) { self.file = file }

    package func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    package mutating func error(_ message: String, at node: Node) {
        diagnostics.append(Diagnostic(message, at: location(node)))
    }

    package mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(message, at: location))
    }

    /// The entries of a mapping in order; reports a non-mapping, non-string keys and duplicate keys.
    package mutating func mapping(_ node: Node, _ what: String) -> [(key: String, keyNode: Node, value: Node)]? {
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
            entries.append((key, keyNode, value))
        }
        return entries
    }

    /// Reports every key of `entries` not in `allowed`, with the allowed ones listed.
    package mutating func checkKeys(
        _ entries: [(key: String, keyNode: Node, value: Node)], allowed: [String], in what: String
    ) {
        for entry in entries where !allowed.contains(entry.key) {
            error(
                "unknown key '\(entry.key)' in \(what); expected one of: \(allowed.joined(separator: ", "))",
                at: entry.keyNode)
        }
    }

    /// A scalar as a string, or a diagnostic.
    mutating func string(_ node: Node, _ what: String) -> Located<String>? {
        guard let scalar = node.scalar else {
            error("\(what) must be a string", at: node)
            return nil
        }
        return Located(
            scalar.string, at: location(node), quoted: scalar.style == .singleQuoted || scalar.style == .doubleQuoted)
    }

    /// A scalar as an integer within `range`, or a diagnostic.
    mutating func int(_ node: Node, _ what: String, range: ClosedRange<Int>) -> Int? {
        guard let text = node.scalar?.string, let value = Int(text) else {
            error("\(what) must be an integer", at: node)
            return nil
        }
        guard range.contains(value) else {
            error("\(what) must be between \(range.lowerBound) and \(range.upperBound), got \(value)", at: node)
            return nil
        }
        return value
    }

    /// A scalar as a boolean, or a diagnostic.
    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error("\(what) must be true or false", at: node)
            return nil
        }
    }

    /// A plugin use: `{ <nameKey>: NAME, with: { key: value } }`.
    mutating func plugin(_ node: Node, nameKey: String, _ what: String) -> PluginSpec? {
        guard let body = mapping(node, what) else { return nil }
        checkKeys(body, allowed: [nameKey, "with"], in: what)
        var name: Located<String>?
        var parameters: [String: String] = [:]
        for item in body {
            if item.key == nameKey { name = string(item.value, nameKey) }
            if item.key == "with" {
                for parameter in mapping(item.value, "with") ?? [] {
                    parameters[parameter.key] = string(parameter.value, parameter.key)?.value
                }
            }
        }
        guard let name else {
            error("\(what) needs '\(nameKey)'", at: node)
            return nil
        }
        return PluginSpec(name: name, parameters: parameters)
    }

    /// `to:` — a topic name, or `{ sink: NAME, with: {...} }`.
    mutating func target(_ node: Node) -> TargetSpec? {
        if case .mapping = node { return plugin(node, nameKey: "sink", "to").map { .sink($0) } }
        return string(node, "to").map { .topic($0) }
    }

    /// One name or a list of names.
    mutating func names(_ node: Node, _ what: String) -> [Located<String>] {
        if case .sequence(let items) = node { return items.compactMap { string($0, what) } }
        return string(node, what).map { [$0] } ?? []
    }
}

/// A value read from a topology file, with where it was written.
public struct Located<T: Sendable>: Sendable {
    public var value: T
    public var location: SourceLocation
    /// Whether the scalar was quoted (its text starts one column after the mark).
    public var quoted: Bool

    public init(_ value: T, at location: SourceLocation, quoted: Bool = false) {
        self.value = value
        self.location = location
        self.quoted = quoted
    }

    /// The location of the character `offset` characters into the text.
    public func location(atOffset offset: Int) -> SourceLocation {
        var l = location
        l.column += offset + (quoted ? 1 : 0)
        return l
    }
}

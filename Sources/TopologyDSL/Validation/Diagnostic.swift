/// One problem in a topology declaration, printed as `file:line:col: error: message` (or
/// `error: message` for a graph handed over without source positions).
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String

    public init(_ message: String, at location: SourceLocation?) {
        self.message = message
        self.location = location
    }

    public var description: String {
        guard let location else { return "error: \(message)" }
        return "\(location): error: \(message)"
    }
}

/// Every problem found in a topology declaration or graph, reported together: what building a
/// topology (YAML, the Swift DSL, a `GraphBuilder`) or a runner for it throws.
public struct TopologyErrors: Error, CustomStringConvertible, Sendable {
    public let diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    /// One problem.
    public init(_ message: String, at location: SourceLocation?) { diagnostics = [Diagnostic(message, at: location)] }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A problem found while building a graph, optionally with where it was declared.
public struct GraphError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let location: SourceLocation?
    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
    public var description: String {
        if let location { return "\(location): error: \(message)" }
        return "error: \(message)"
    }
}

/// Several graph problems reported together.
public struct GraphErrors: Error, CustomStringConvertible, Sendable {
    public let errors: [GraphError]
    public init(_ errors: [GraphError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

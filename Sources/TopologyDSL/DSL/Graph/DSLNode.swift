/// One DSL operation, compiled into graph nodes the first time the topology needs it; streams and
/// tables share these by reference, so a table used twice (a join and a sink) is built once.
final class DSLNode: Sendable {
    let location: SourceLocation
    let compile: @Sendable (TopologyContext) -> StreamRef?

    init(_ location: SourceLocation, compile: @escaping @Sendable (TopologyContext) -> StreamRef?) {
        self.location = location
        self.compile = compile
    }
}

/// Call sites of DSL operators.
extension SourceLocation {
    /// A call site in Swift source (`#fileID`, `#line`, `#column`).
    init(_ file: String, _ line: Int, _ column: Int) { self.init(file: file, line: line, column: column) }
}

/// One DSL operation, compiled into graph nodes the first time the topology needs it; streams and
/// tables share these by reference, so a table used twice (a join and a sink) is built once.
final class DSLNode: Sendable {
    let location: SourceLocation
    let compile: @Sendable (TopologyContext) -> CompiledRef?

    init(_ location: SourceLocation, compile: @escaping @Sendable (TopologyContext) -> CompiledRef?) {
        self.location = location
        self.compile = compile
    }
}

/// A compiled stream or table: its last graph node and what flows out of it (as the YAML compiler's `NodeRef`).
struct CompiledRef {
    var id: Int
    var isTable: Bool
    var keyType: ValueType
    var valueType: ValueType
    /// The key was changed since the topic was read, so grouping or joining must repartition.
    var keyChanged: Bool
}

/// Call sites of DSL operators.
extension SourceLocation {
    /// A call site in Swift source (`#fileID`, `#line`, `#column`).
    init(_ file: String, _ line: Int, _ column: Int) { self.init(file: file, line: line, column: column) }
}

/// Collects, per variable, the field paths an expression reads (`body.a.b` → `["a", "b"]`).
enum ReferencedPaths {
    /// Paths by variable name, in source order without duplicates; reading a variable whole gives `[]`.
    static func collect(_ node: ExpressionNode) -> [String: [[String]]] {
        var paths: [String: [[String]]] = [:]
        visit(node, into: &paths)
        return paths
    }

    private static func visit(_ node: ExpressionNode, into paths: inout [String: [[String]]]) {
        if let (variable, path) = staticPath(node) {
            if !(paths[variable]?.contains(path) ?? false) { paths[variable, default: []].append(path) }
            return
        }
        switch node.kind {
        case .literal, .variable:
            break
        case .field(let base, _, _):
            visit(base, into: &paths)
        case .index(let base, let index):
            visit(base, into: &paths)
            visit(index, into: &paths)
        case .unary(_, let operand):
            visit(operand, into: &paths)
        case .binary(_, let lhs, let rhs, _), .coalesce(let lhs, let rhs):
            visit(lhs, into: &paths)
            visit(rhs, into: &paths)
        case .conditional(let c, let a, let b):
            for child in [c, a, b] { visit(child, into: &paths) }
        case .call(_, _, let children), .list(let children):
            for child in children { visit(child, into: &paths) }
        case .object(let entries):
            for entry in entries { visit(entry.value, into: &paths) }
        }
    }

    /// The variable and field names of a chain like `v.a["b"].c`, or nil if the node is not such a chain.
    private static func staticPath(_ node: ExpressionNode) -> (String, [String])? {
        switch node.kind {
        case .variable(let name):
            return (name, [])
        case .field(let base, let name, _):
            return staticPath(base).map { ($0.0, $0.1 + [name]) }
        case .index(let base, let index):
            guard case .literal(.string(let name)) = index.kind else { return nil }
            return staticPath(base).map { ($0.0, $0.1 + [name]) }
        default:
            return nil
        }
    }
}

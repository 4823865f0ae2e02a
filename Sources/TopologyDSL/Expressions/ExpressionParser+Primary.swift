/// Postfix accessors and primary forms: literals, variables, calls, parentheses, list and object literals.
extension ExpressionParser {
    /// postfix := primary ('.' name | '[' expression ']')*
    mutating func parsePostfix() throws(ExpressionError) -> ExpressionNode {
        var node = try parsePrimary()
        while true {
            if accept(".") {
                guard case .identifier(let name) = current.kind else {
                    throw unexpected("a field name after '.'")
                }
                let nameSpan = advance().span
                node = ExpressionNode(
                    kind: .field(node, name: name, nameSpan: nameSpan),
                    span: node.span.through(nameSpan))
            } else if accept("[") {
                let index = try parseExpression()
                let close = try expect("]", "to close index")
                node = ExpressionNode(kind: .index(node, index), span: node.span.through(close.span))
            } else if current.kind == .symbol("(") {
                throw ExpressionError("only named functions can be called, e.g. lower(x)", at: current.span)
            } else {
                return node
            }
        }
    }

    private mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        let token = current
        switch token.kind {
        case .integer(let magnitude):
            advance()
            guard magnitude <= UInt64(Int64.max) else {
                throw ExpressionError("integer literal \(magnitude) is too large for int64", at: token.span)
            }
            return ExpressionNode(kind: .literal(.int(Int64(magnitude))), span: token.span)
        case .double(let value):
            advance()
            return ExpressionNode(kind: .literal(.double(value)), span: token.span)
        case .string(let text):
            advance()
            return ExpressionNode(kind: .literal(.string(text)), span: token.span)
        case .identifier(let name):
            advance()
            switch name {
            case "true": return ExpressionNode(kind: .literal(.bool(true)), span: token.span)
            case "false": return ExpressionNode(kind: .literal(.bool(false)), span: token.span)
            case "null": return ExpressionNode(kind: .literal(.null), span: token.span)
            case "and", "or", "not": throw ExpressionError("expected an operand, found '\(name)'", at: token.span)
            default: break
            }
            guard accept("(") else { return ExpressionNode(kind: .variable(name), span: token.span) }
            let (arguments, close) = try parseList(closing: ")", context: "to close the argument list")
            return ExpressionNode(
                kind: .call(name: name, nameSpan: token.span, arguments: arguments),
                span: token.span.through(close))
        case .symbol("("):
            advance()
            var inner = try parseExpression()
            let close = try expect(")", "to close '('")
            inner.span = token.span.through(close.span)
            return inner
        case .symbol("["):
            advance()
            let (elements, close) = try parseList(closing: "]", context: "to close the list")
            return ExpressionNode(kind: .list(elements), span: token.span.through(close))
        case .symbol("{"):
            advance()
            return try parseObject(openedAt: token.span)
        default:
            throw unexpected("an expression")
        }
    }

    /// Comma-separated expressions up to `closing` (a trailing comma is allowed).
    private mutating func parseList(closing: String, context: String)
        throws(ExpressionError) -> ([ExpressionNode], ExpressionSpan)
    {
        var items: [ExpressionNode] = []
        while current.kind != .symbol(closing) {
            items.append(try parseExpression())
            if !accept(",") { break }
        }
        let close = try expect(closing, context)
        return (items, close.span)
    }

    /// `{ key: expr, "key": expr }` after the opening brace.
    private mutating func parseObject(openedAt open: ExpressionSpan) throws(ExpressionError) -> ExpressionNode {
        var entries: [ExpressionNode.ObjectEntry] = []
        while current.kind != .symbol("}") {
            let keyToken = current
            let key: String
            switch keyToken.kind {
            case .identifier(let name), .string(let name): key = name
            default: throw unexpected("a field name in object literal")
            }
            advance()
            if entries.contains(where: { $0.key == key }) {
                throw ExpressionError("duplicate field '\(key)' in object literal", at: keyToken.span)
            }
            _ = try expect(":", "after field name '\(key)'")
            entries.append(.init(key: key, keySpan: keyToken.span, value: try parseExpression()))
            if !accept(",") { break }
        }
        let close = try expect("}", "to close the object literal")
        return ExpressionNode(kind: .object(entries), span: open.through(close.span))
    }
}

/// Recursive-descent parser turning expression tokens into an `ExpressionNode` tree.
///
/// Precedence, lowest first: `c ? a : b`, `??`, `||`/`or`, `&&`/`and`, `== !=`, `< <= > >=`,
/// `+ -`, `* / %`, prefix `- ! not`, postfix `.field [index] call(...)`.
struct ExpressionParser {
    var tokens: [ExpressionToken]
    var position = 0
    var depth = 0

    /// Maximum nesting of parentheses, brackets and prefix operators while parsing.
    static let maximumDepth = 128
    /// Maximum height of the parsed tree (long operator chains nest too).
    static let maximumHeight = 256

    /// Left-associative binary levels, loosest first; `and`/`or` are word spellings.
    private static let binaryLevels: [[String: ExpressionInfixOperator]] = [
        ["||": .or, "or": .or],
        ["&&": .and, "and": .and],
        ["==": .equal, "!=": .notEqual],
        ["<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual],
        ["+": .add, "-": .subtract],
        ["*": .multiply, "/": .divide, "%": .remainder],
    ]

    init(tokens: [ExpressionToken]) { self.tokens = tokens }

    /// Parses a whole expression source.
    static func parse(_ source: String) throws(ExpressionError) -> ExpressionNode {
        var parser = ExpressionParser(tokens: try ExpressionLexer.tokenize(source))
        let node = try parser.parseExpression()
        guard parser.current.kind == .end else {
            throw parser.unexpected("an operator or end of expression")
        }
        guard node.height <= maximumHeight else {
            throw ExpressionError("expression is nested too deeply", at: node.span)
        }
        return node
    }

    var current: ExpressionToken { tokens[position] }

    @discardableResult
    mutating func advance() -> ExpressionToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    /// True (and consumes it) when the current token is the symbol `symbol`.
    mutating func accept(_ symbol: String) -> Bool {
        guard current.kind == .symbol(symbol) else { return false }
        advance()
        return true
    }

    mutating func expect(_ symbol: String, _ context: String) throws(ExpressionError) -> ExpressionToken {
        guard current.kind == .symbol(symbol) else { throw unexpected("'\(symbol)' \(context)") }
        return advance()
    }

    func unexpected(_ wanted: String) -> ExpressionError {
        ExpressionError("expected \(wanted), found \(current.display)", at: current.span)
    }

    /// conditional := coalesce ('?' expression ':' conditional)?
    mutating func parseExpression() throws(ExpressionError) -> ExpressionNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw ExpressionError("expression is nested too deeply", at: current.span)
        }
        let condition = try parseCoalesce()
        guard accept("?") else { return condition }
        let whenTrue = try parseExpression()
        _ = try expect(":", "in conditional expression 'condition ? a : b'")
        let whenFalse = try parseExpression()
        return ExpressionNode(
            kind: .conditional(condition, whenTrue, whenFalse),
            span: condition.span.through(whenFalse.span))
    }

    /// coalesce := binary(0) ('??' binary(0))*  (right-associative, parsed iteratively)
    private mutating func parseCoalesce() throws(ExpressionError) -> ExpressionNode {
        var operands = [try parseBinary(level: 0)]
        while accept("??") { operands.append(try parseBinary(level: 0)) }
        var node = operands.removeLast()
        while let lhs = operands.popLast() {
            node = ExpressionNode(kind: .coalesce(lhs, node), span: lhs.span.through(node.span))
        }
        return node
    }

    private mutating func parseBinary(level: Int) throws(ExpressionError) -> ExpressionNode {
        guard level < Self.binaryLevels.count else { return try parseUnary() }
        var lhs = try parseBinary(level: level + 1)
        while let text = current.operatorText, let op = Self.binaryLevels[level][text] {
            let operatorSpan = advance().span
            let rhs = try parseBinary(level: level + 1)
            lhs = ExpressionNode(
                kind: .binary(op, lhs, rhs, operatorSpan: operatorSpan),
                span: lhs.span.through(rhs.span))
        }
        return lhs
    }

    /// unary := ('-' | '!' | 'not') unary | postfix
    private mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        let start = current.span
        let op: ExpressionPrefixOperator
        switch current.kind {
        case .symbol("-"): op = .negate
        case .symbol("!"), .identifier("not"): op = .not
        default: return try parsePostfix()
        }
        advance()
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw ExpressionError("expression is nested too deeply", at: current.span)
        }
        if op == .negate, case .integer(let magnitude) = current.kind {
            let literal = advance()
            let value = magnitude > UInt64(Int64.max) ? Int64.min : -Int64(magnitude)
            return ExpressionNode(kind: .literal(.int(value)), span: start.through(literal.span))
        }
        let operand = try parseUnary()
        return ExpressionNode(kind: .unary(op, operand), span: start.through(operand.span))
    }
}

/// A node of a parsed expression's syntax tree, with the source span it was parsed from.
struct ExpressionNode: Sendable {
    /// The syntactic form of a node and its children.
    indirect enum Kind: Sendable {
        case literal(Value)
        case variable(String)
        /// `base.name`; `nameSpan` locates the field name for error messages.
        case field(ExpressionNode, name: String, nameSpan: ExpressionSpan)
        /// `base[index]`: a list element or a record field.
        case index(ExpressionNode, ExpressionNode)
        case unary(ExpressionPrefixOperator, ExpressionNode)
        /// `lhs op rhs`; `operatorSpan` locates the operator for error messages.
        case binary(ExpressionInfixOperator, ExpressionNode, ExpressionNode, operatorSpan: ExpressionSpan)
        case coalesce(ExpressionNode, ExpressionNode)
        case conditional(ExpressionNode, ExpressionNode, ExpressionNode)
        case call(name: String, nameSpan: ExpressionSpan, arguments: [ExpressionNode])
        case object([ObjectEntry])
        case list([ExpressionNode])
    }

    /// One `key: value` entry of an object literal.
    struct ObjectEntry: Sendable {
        var key: String
        var keySpan: ExpressionSpan
        var value: ExpressionNode
    }

    var kind: Kind
    var span: ExpressionSpan
    /// Levels of nesting below and including this node; bounded so evaluation cannot exhaust the stack.
    let height: Int

    init(kind: Kind, span: ExpressionSpan) {
        self.kind = kind
        self.span = span
        let children: [ExpressionNode] =
            switch kind {
            case .literal, .variable: []
            case .field(let base, _, _), .unary(_, let base): [base]
            case .index(let a, let b), .binary(_, let a, let b, _), .coalesce(let a, let b): [a, b]
            case .conditional(let a, let b, let c): [a, b, c]
            case .call(_, _, let items), .list(let items): items
            case .object(let entries): entries.map(\.value)
            }
        height = 1 + children.reduce(0) { max($0, $1.height) }
    }
}

/// A prefix operator.
enum ExpressionPrefixOperator: String, Sendable {
    case negate = "-"
    case not = "!"
}

/// An infix operator other than `??` (which has its own node kind).
enum ExpressionInfixOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case and = "&&"
    case or = "||"

    var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .remainder: true
        default: false
        }
    }

    var isOrdering: Bool {
        switch self {
        case .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }
}

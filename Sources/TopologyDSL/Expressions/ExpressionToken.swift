/// One lexical token of an expression, with its position in the source.
struct ExpressionToken: Sendable, Equatable {
    /// What kind of token this is, with its payload.
    enum Kind: Sendable, Equatable {
        /// An integer literal's magnitude (a leading `-` is a separate token).
        case integer(UInt64)
        case double(Double)
        case string(String)
        /// A name; keywords (`true`, `and`, ...) are identifiers the parser interprets by position.
        case identifier(String)
        /// Punctuation or an operator, e.g. `(`, `??`, `<=`.
        case symbol(String)
        case end
    }

    var kind: Kind
    var span: ExpressionSpan

    /// The symbol or identifier text, used to match operators (`&&` and `and` alike).
    var operatorText: String? {
        switch kind {
        case .symbol(let text), .identifier(let text): text
        default: nil
        }
    }

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .integer(let v): "'\(v)'"
        case .double(let v): "'\(v)'"
        case .string: "string literal"
        case .identifier(let name): "'\(name)'"
        case .symbol(let s): "'\(s)'"
        case .end: "end of expression"
        }
    }
}

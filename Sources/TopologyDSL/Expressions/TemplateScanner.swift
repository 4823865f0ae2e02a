/// Splits a template like `"Updated [{topic}-{partition}]"` into literal text and `{expression}` holes.
///
/// `{{` and `}}` stand for literal braces; a hole ends at the first `}` not inside the expression's own
/// braces or string literals, so `{{{partition}}}` is a literal `{`, the hole `partition`, and a literal `}`.
enum TemplateScanner {
    /// A piece of a template: literal text, or an expression hole with its source offset.
    enum Piece: Equatable {
        case text(String)
        case hole(source: String, offset: Int)
    }

    static func scan(_ template: String) throws(ExpressionError) -> [Piece] {
        let chars = Array(template)
        var pieces: [Piece] = []
        var text = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if c == "{" && next == "{" || c == "}" && next == "}" {
                text.append(c)
                i += 2
            } else if c == "}" {
                throw ExpressionError("unmatched '}' in template; write '}}' for a literal brace", offset: i)
            } else if c == "{" {
                let end = try holeEnd(chars, openingAt: i)
                let source = String(chars[(i + 1)..<end])
                guard source.contains(where: { !$0.isWhitespace }) else {
                    throw ExpressionError(
                        "empty '{}' in template; write '{{' and '}}' for literal braces",
                        offset: i, length: end - i + 1)
                }
                if !text.isEmpty {
                    pieces.append(.text(text))
                    text = ""
                }
                pieces.append(.hole(source: source, offset: i + 1))
                i = end + 1
            } else {
                text.append(c)
                i += 1
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    /// The index of the `}` closing the hole opened at `open`, found by lexing the expression.
    private static func holeEnd(_ chars: [Character], openingAt open: Int) throws(ExpressionError) -> Int {
        var lexer = ExpressionLexer(chars, start: open + 1)
        var depth = 0
        while true {
            let token = try lexer.next()
            switch token.kind {
            case .symbol("{"): depth += 1
            case .symbol("}"):
                if depth == 0 { return token.span.offset }
                depth -= 1
            case .end:
                throw ExpressionError(
                    "unclosed '{' in template; write '{{' for a literal brace",
                    offset: open, length: chars.count - open)
            default: break
            }
        }
    }
}

/// Splits expression source into tokens; offsets are character (grapheme) indices.
struct ExpressionLexer {
    private let chars: [Character]
    private(set) var position: Int

    /// Two-character operators, checked before single characters.
    private static let pairs: Set<String> = ["??", "==", "!=", "<=", ">=", "&&", "||"]
    private static let singles: Set<Character> = [
        "(", ")", "[", "]", "{", "}", ",", ":", ".", "?", "+", "-", "*", "/", "%", "!", "<", ">",
    ]

    init(_ chars: [Character], start: Int = 0) {
        self.chars = chars
        self.position = start
    }

    /// All tokens of `source`, ending with `.end`.
    static func tokenize(_ source: String) throws(ExpressionError) -> [ExpressionToken] {
        var lexer = ExpressionLexer(Array(source))
        var tokens: [ExpressionToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    /// The next token, skipping whitespace.
    mutating func next() throws(ExpressionError) -> ExpressionToken {
        while position < chars.count, chars[position].isWhitespace { position += 1 }
        let start = position
        guard position < chars.count else { return token(.end, from: start) }
        let c = chars[position]
        if c.isASCIIDigit { return try number() }
        if c == "\"" || c == "'" { return try string(quote: c) }
        if c.isLetter || c == "_" {
            while position < chars.count,
                chars[position].isLetter || chars[position].isASCIIDigit
                    || chars[position] == "_"
            { position += 1 }
            return token(.identifier(String(chars[start..<position])), from: start)
        }
        if position + 1 < chars.count, Self.pairs.contains(String([c, chars[position + 1]])) {
            position += 2
            return token(.symbol(String(chars[start..<position])), from: start)
        }
        position += 1
        if Self.singles.contains(c) { return token(.symbol(String(c)), from: start) }
        let hint: String =
            switch c {
            case "=": "; did you mean '=='?"
            case "&": "; did you mean '&&'?"
            case "|": "; did you mean '||'?"
            default: ""
            }
        throw ExpressionError("unexpected character '\(c)'\(hint)", offset: start)
    }

    private func token(_ kind: ExpressionToken.Kind, from start: Int) -> ExpressionToken {
        ExpressionToken(kind: kind, span: ExpressionSpan(offset: start, length: max(position - start, 0)))
    }

    private mutating func number() throws(ExpressionError) -> ExpressionToken {
        let start = position
        var isDouble = false
        skipDigits()
        if position + 1 < chars.count, chars[position] == ".", chars[position + 1].isASCIIDigit {
            isDouble = true
            position += 1
            skipDigits()
        }
        if position < chars.count, chars[position] == "e" || chars[position] == "E" {
            var look = position + 1
            if look < chars.count, chars[look] == "+" || chars[look] == "-" { look += 1 }
            if look < chars.count, chars[look].isASCIIDigit {
                isDouble = true
                position = look
                skipDigits()
            }
        }
        let text = String(chars[start..<position])
        if isDouble, let value = Double(text) { return token(.double(value), from: start) }
        guard let value = UInt64(text), value <= UInt64(Int64.max) + 1 else {
            throw ExpressionError(
                "integer literal \(text) is too large for int64",
                offset: start, length: position - start)
        }
        return token(.integer(value), from: start)
    }

    private mutating func skipDigits() {
        while position < chars.count, chars[position].isASCIIDigit { position += 1 }
    }

    private mutating func string(quote: Character) throws(ExpressionError) -> ExpressionToken {
        let start = position
        position += 1
        var text = ""
        while position < chars.count {
            let c = chars[position]
            position += 1
            if c == quote { return token(.string(text), from: start) }
            guard c == "\\" else {
                text.append(c)
                continue
            }
            guard position < chars.count else { break }
            let escaped = chars[position]
            position += 1
            switch escaped {
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "r": text.append("\r")
            case "\"", "'", "\\", "/", "{", "}": text.append(escaped)
            default:
                throw ExpressionError(
                    "unknown escape sequence '\\\(escaped)' in string literal",
                    offset: position - 2, length: 2)
            }
        }
        throw ExpressionError("unterminated string literal", offset: start, length: position - start)
    }
}

extension Character {
    /// `0`...`9` only (not other Unicode digits).
    fileprivate var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}

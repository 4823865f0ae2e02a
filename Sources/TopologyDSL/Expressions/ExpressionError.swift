/// A compile-time error in an expression or template, located by character offset in its source.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, phrased for the person who wrote the expression.
    public var message: String
    /// 0-based character (grapheme) offset into the expression source.
    public var offset: Int
    /// Number of characters the error covers (0 for errors at the end of the source).
    public var length: Int
    /// Further errors found in the same source after this (the first) one.
    public var additional: [ExpressionError]

    public init(_ message: String, offset: Int, length: Int = 1, additional: [ExpressionError] = []) {
        self.message = message
        self.offset = offset
        self.length = length
        self.additional = additional
    }

    init(_ message: String, at span: ExpressionSpan) {
        self.init(message, offset: span.offset, length: span.length)
    }

    /// This error followed by the additional ones, each without nested `additional` errors.
    public var allErrors: [ExpressionError] {
        var first = self
        first.additional = []
        return [first] + additional.flatMap(\.allErrors)
    }

    /// The same error(s) moved `distance` characters to the right (used for template holes).
    public func shifted(by distance: Int) -> ExpressionError {
        ExpressionError(
            message, offset: offset + distance, length: length,
            additional: additional.map { $0.shifted(by: distance) })
    }

    public var description: String { "\(offset): \(message)" }
}

/// A range of characters in an expression source.
struct ExpressionSpan: Sendable, Hashable {
    var offset: Int
    var length: Int

    var end: Int { offset + length }

    /// The smallest span covering both `self` and `other`.
    func through(_ other: ExpressionSpan) -> ExpressionSpan {
        ExpressionSpan(offset: offset, length: max(end, other.end) - offset)
    }
}

/// A failure on one record or request: an expression or a user function failed (bad input, overflow),
/// or a value does not fit the type it is read as (a Swift `StreamValue`, a declared request field).
/// A record goes to the dead-letter topic with it; a request is answered 400 naming `field`.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// A value is not of the kind or range its type needs (`"abc"` read as an int, 2^40 as int32).
        case typeMismatch
        /// A field that must be there is missing (or null).
        case missingField
        /// Integer overflow or division by zero.
        case arithmetic
        /// A function or processor failed otherwise.
        case failed
    }

    /// What went wrong, e.g. `expected an integer, got "abc"`.
    public var message: String
    /// The record or request field at fault (`sku`, `address.city`), when one can be named.
    public var field: String?
    public var code: Code

    public init(_ message: String, field: String? = nil, code: Code = .failed) {
        self.message = message
        self.field = field
        self.code = code
    }

    public var description: String { message }

    /// `error` said again as `message`, keeping its code when it is an evaluation error (`code`
    /// otherwise) and naming `field`, or the field it named when `field` is nil.
    static func rewording(_ error: any Error, as message: String, field: String? = nil, otherwise code: Code)
        -> EvaluationError
    {
        let inner = error as? EvaluationError
        return EvaluationError(message, field: field ?? inner?.field, code: inner?.code ?? code)
    }

    /// "expected TYPE, got VALUE".
    static func mismatch(_ expected: String, _ value: Value) -> EvaluationError {
        EvaluationError("expected \(expected), got \(ValueText.describe(value))", code: .typeMismatch)
    }
}

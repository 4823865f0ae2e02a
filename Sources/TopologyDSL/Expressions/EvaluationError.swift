/// A failure while evaluating a compiled expression against one record (bad input, overflow, ...).
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, e.g. `expected an integer, got "abc"`.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// A failure of an expression or a user function on one record (bad input, overflow, a value that
/// does not fit the Swift type it is read as, ...): the record goes to the dead-letter topic with it.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, e.g. `expected an integer, got "abc"`.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

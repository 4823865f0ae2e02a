/// A Swift type that can be a key or value of a topic, stream, table or store: it names its
/// static `ValueType` (and so its serde) and converts to and from the dynamic `Value`.
public protocol StreamValue: Sendable {
    /// The static type the graph records for this Swift type (`int32`, `LocationSku`, ...).
    static var streamType: ValueType { get }
    /// Reads a value of this type; throws `EvaluationError` (`.typeMismatch`, `.missingField`) when
    /// `streamValue` does not fit.
    init(streamValue: Value) throws
    /// This value as a dynamic `Value`.
    var streamValue: Value { get throws }
}

/// Reading values inside node functions.
extension StreamValue {
    /// Reads `value` inside a node function, reporting a mismatch as an `EvaluationError` that says
    /// which part of the record (`key`, `value`, `aggregate`, ...) could not be read.
    static func read(_ value: Value, as role: String) throws -> Self {
        do { return try Self(streamValue: value) } catch {
            throw EvaluationError.rewording(
                error, as: "cannot read the \(role) as \(streamType.name): \(error)", otherwise: .typeMismatch)
        }
    }
}

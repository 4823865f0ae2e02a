/// A Swift type that can be a key or value of a topic, stream, table or store: it names its
/// static `ValueType` (and so its serde) and converts to and from the dynamic `Value`.
public protocol StreamValue: Sendable {
    /// The static type the graph records for this Swift type (`int32`, `LocationSku`, ...).
    static var streamType: ValueType { get }
    /// Reads a value of this type; throws `StreamValueError` when `streamValue` does not fit.
    init(streamValue: Value) throws
    /// This value as a dynamic `Value`.
    var streamValue: Value { get throws }
}

/// A `Value` that does not fit the Swift type it is read as.
public struct StreamValueError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// The record field at fault (`sku`, `address.city`), when one can be named.
    public let field: String?
    public init(_ description: String, field: String? = nil) {
        self.description = description
        self.field = field
    }

    /// "expected TYPE, got VALUE".
    static func mismatch(_ expected: String, _ value: Value) -> StreamValueError {
        StreamValueError("expected \(expected), got \(ValueText.describe(value))")
    }
}

/// Reading values inside node functions.
extension StreamValue {
    /// Reads `value` inside a node function, reporting a mismatch as a `EvaluationError` that says
    /// which part of the record (`key`, `value`, `aggregate`, ...) could not be read.
    static func read(_ value: Value, as role: String) throws -> Self {
        do { return try Self(streamValue: value) } catch {
            throw EvaluationError("cannot read the \(role) as \(streamType.name): \(error)")
        }
    }
}

public import TopologyDSL

/// Why an Avro schema could not be parsed, loaded or used (bad JSON, unknown type, bad default, ...).
public struct AvroSchemaError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        /// The schema is wrong: bad JSON, an unknown type, a default that does not fit.
        case invalid
        /// The schema file cannot be read.
        case unreadable
        /// avro-c failed on a schema that parsed (it rejected it, or could not allocate a value).
        case library
    }

    public let description: String
    public let code: Code

    public init(_ description: String, code: Code = .invalid) {
        self.description = description
        self.code = code
    }

    /// The same problem as a `SerdeError`, for plugin calls that must throw one.
    public var serdeError: SerdeError { SerdeError(description) }
}

public import TopologyDSL

/// Why an Avro schema could not be parsed, loaded or used (bad JSON, unknown type, bad default, ...),
/// or why a schema id could not be found or assigned (`SchemaIdProvider`'s error).
public struct AvroError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        /// The schema is wrong: bad JSON, an unknown type, a default that does not fit.
        case invalid
        /// The schema file cannot be read.
        case unreadable
        /// avro-c failed on a schema that parsed (it rejected it, or could not allocate a value).
        case library
        /// The schema-id provider answered: no such id, or the schema cannot be registered
        /// (incompatible, invalid).
        case refused
        /// The schema-id provider could not be asked (a registry that refuses connections, times
        /// out or answers 5xx): the same question may be answered later.
        case unreachable
    }

    public let description: String
    public let code: Code

    /// Whether the same question may be answered later (the schema-id provider could not be asked).
    public var isRetriable: Bool {
        switch code {
        case .unreachable: true
        case .invalid, .unreadable, .library, .refused: false
        }
    }

    public init(_ description: String, code: Code = .invalid) {
        self.description = description
        self.code = code
    }

    /// The same problem as a `SerdeError`, for plugin calls that must throw one.
    public var serdeError: SerdeError { SerdeError(description) }
}

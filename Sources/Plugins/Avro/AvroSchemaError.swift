public import TopologyDSL

/// Why an Avro schema could not be parsed, loaded or used (bad JSON, unknown type, bad default, ...).
public struct AvroSchemaError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// The same problem as a `SerdeError`, for plugin calls that must throw one.
    public var serdeError: SerdeError { SerdeError(description) }
}

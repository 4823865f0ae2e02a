import Plugins

/// Checks Avro schemas for the registry: canonical forms and Avro's schema-resolution rules.
public struct AvroSchemaChecker: SchemaChecker {
    public init() {}

    public func canonicalForm(of schema: String) throws -> String {
        try AvroSchema(json: schema).canonicalForm
    }

    public func incompatibilities(reader: String, writer: String) -> [String] {
        do {
            return try AvroSchema(json: reader).incompatibilities(readingDataWrittenWith: try AvroSchema(json: writer))
        } catch {
            return ["invalid schema: \(error)"]
        }
    }
}

import Hummingbird
import StreamrunHTTP
import TopologyDSL

/// A schema-registry failure with Confluent's error code (40401 subject not found, 409 incompatible, ...).
public struct RegistryError: Error, CustomStringConvertible, Sendable {
    public let status: Int
    public let code: Int
    public let message: String
    public var description: String { message }

    static func subjectNotFound(_ subject: String) -> RegistryError {
        .init(status: 404, code: 40401, message: "Subject '\(subject)' not found.")
    }
    static func versionNotFound(_ version: String) -> RegistryError {
        .init(status: 404, code: 40402, message: "Version \(version) not found.")
    }
    static func schemaNotFound() -> RegistryError { .init(status: 404, code: 40403, message: "Schema not found") }
    static func invalidSchema(_ why: String) -> RegistryError {
        .init(status: 422, code: 42201, message: "Invalid schema: \(why)")
    }
    static func invalidVersion(_ version: String) -> RegistryError {
        .init(status: 422, code: 42202, message: "Invalid version '\(version)'")
    }
    static func incompatible(_ problems: [String]) -> RegistryError {
        .init(
            status: 409, code: 409,
            message: "Schema being registered is incompatible with an earlier schema: "
                + problems.joined(separator: "; "))
    }
    static func badRequest(_ message: String) -> RegistryError { .init(status: 422, code: 422, message: message) }

    /// Confluent's body (`error_code`, `message`) plus the API's own `error`.
    var response: Response {
        APIResponse.bytes(
            JSONWriter.encode(
                .record(
                    Fields([
                        ("error_code", .int(Int64(code))), ("message", .string(message)),
                        ("error", .string(message)),
                    ]))),
            contentType: SchemaRegistryRoutes.contentType, status: .init(code: status))
    }
}

/// Validates schema texts and tells whether one schema can read data written with another.
public protocol SchemaChecker: Sendable {
    /// The schema's canonical form (equal for equal schemas); throws a message for an invalid schema.
    func canonicalForm(of schema: String) throws -> String
    /// What keeps `reader` from reading data written with `writer` (empty when it can).
    func incompatibilities(reader: String, writer: String) -> [String]
}

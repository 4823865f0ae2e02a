internal import Foundation
public import TopologyDSL

/// The Avro schemas a topology uses, by type name: filled from `.avsc` files (each named record
/// under its unqualified and its full name) or explicitly, and read by `AvroSerdePlugin` to find
/// the schema of a `ValueType` whose `serde` is `avro`. Thread-safe.
public final class AvroSchemas: Sendable {
    private let byName = Locked<[String: AvroSchema]>([:])

    public init() {}

    /// The schemas of this process: the built-in plugins share them, so a topology loaded with one
    /// registry runs with another.
    public static let shared = AvroSchemas()

    /// Loads an `.avsc` file (one schema, or a JSON array of them as in `inventory.avsc`) and registers
    /// each named type at its top under its unqualified and full names. Returns those schemas.
    @discardableResult
    public func load(file path: String) throws(AvroError) -> [AvroSchema] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw AvroError(
                "cannot read the Avro schema file \(path): \(error.localizedDescription)", code: .unreadable)
        }
        do { return try load(json: text) } catch {
            throw AvroError("\(path): \(error.description)", code: error.code)
        }
    }

    /// Like `load(file:)`, from schema JSON text.
    @discardableResult
    public func load(json text: String) throws(AvroError) -> [AvroSchema] {
        let schemas = try AvroSchema(json: text).namedSchemas()
        if schemas.isEmpty {
            throw AvroError("the schema defines no named type (record, enum or fixed) at its top")
        }
        byName.withLock { table in
            for schema in schemas {
                guard let fullName = schema.fullName else { continue }
                table[fullName] = schema
                table[AvroNames.shortName(fullName)] = schema
            }
        }
        return schemas
    }

    /// Registers `schema` under `typeName` (replacing what was there), e.g. the name a topology file
    /// declares for it.
    public func register(_ schema: AvroSchema, as typeName: String) {
        byName.withLock { $0[typeName] = schema }
    }

    /// The schema registered under `typeName`.
    public func schema(named typeName: String) -> AvroSchema? { byName.withLock { $0[typeName] } }

    /// The schema of `type`, looked up by `type.name`.
    public func schema(for type: ValueType) -> AvroSchema? { schema(named: type.name) }

    /// The topology type of the schema registered under `typeName`, named `typeName`.
    public func valueType(named typeName: String) -> ValueType? {
        schema(named: typeName)?.valueType(named: typeName)
    }

    /// Every registered type name, sorted.
    public var typeNames: [String] { byName.withLock { $0.keys.sorted() } }
}

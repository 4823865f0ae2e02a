internal import CAvro
import TopologyDSL

/// A parsed Avro schema: the Swift tree (`type`) used for type mapping, canonical form, defaults and
/// resolution, plus avro-c's own parse of the same text (owned here and freed on deinit).
/// Immutable, so one instance is shared freely between threads.
// @unchecked Sendable: immutable; avro-c's `handle` is only read after init (AvroValueClass takes references to it
// with avro-c's atomic refcounts) and released in deinit.
public final class AvroSchema: @unchecked Sendable, CustomStringConvertible {
    /// The schema's root type (a `.record` for key and value schemas).
    public let type: AvroType
    /// The schema JSON text as given (what a registry is sent).
    public let json: String
    /// Avro's Parsing Canonical Form, the identity of the schema for ids and caches.
    public let canonicalForm: String
    /// CRC-64-AVRO of the canonical form.
    public let fingerprint: UInt64
    /// Every named type of the schema by full name.
    let names: [String: AvroType]
    /// avro-c's schema, freed in deinit.
    let handle: avro_schema_t

    /// Parses schema JSON text (a `.avsc` file's content, or what a registry returns for an id).
    public convenience init(json text: String) throws(AvroError) {
        let parsed: Value
        do { parsed = try JSONReader.parse(Array(text.utf8)) } catch {
            throw AvroError("invalid Avro schema JSON: \(error)")
        }
        var parser = AvroSchemaParser()
        let type = try parser.parse(parsed, namespace: nil)
        try self.init(type: type, names: parser.names, json: text)
    }

    init(type: AvroType, names: [String: AvroType], json text: String) throws(AvroError) {
        var parsed: avro_schema_t?
        let rc =
            text.utf8.withContiguousStorageIfAvailable { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    avro_schema_from_json_length($0.baseAddress, $0.count, &parsed)
                }
            }
            ?? Array(text.utf8).withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    avro_schema_from_json_length($0.baseAddress, $0.count, &parsed)
                }
            }
        guard rc == 0, let parsed else {
            throw AvroError(AvroCError.message(rc, "avro-c rejected the schema"), code: .library)
        }
        self.handle = parsed
        self.type = type
        self.names = names
        self.json = text
        self.canonicalForm = AvroSchemaWriter.canonicalForm(type, names: names)
        self.fingerprint = AvroFingerprint.rabin64(canonicalForm.utf8)
    }

    deinit { avro_schema_decref(handle) }

    /// The full name of a named root type (`io.welflex.examples.inventory.LocationSku`), else nil.
    public var fullName: String? { type.fullName }

    /// The unqualified name of a named root type (`LocationSku`), else nil.
    public var name: String? { fullName.map(AvroNames.shortName) }

    /// The root with a top-level reference replaced by its definition.
    var resolvedRoot: AvroType { AvroNames.resolve(type, names) }

    /// Standalone schemas of the named types at the top: this schema when its root is named, else each
    /// named branch of a top-level union (the shape of `inventory.avsc`: `[ {record...} ]`).
    public func namedSchemas() throws(AvroError) -> [AvroSchema] {
        guard case .union(let branches) = type else { return fullName == nil ? [] : [self] }
        var out: [AvroSchema] = []
        for branch in branches {
            guard let name = branch.fullName, let definition = names[name] else { continue }
            out.append(
                try AvroSchema(
                    type: definition, names: names, json: AvroSchemaWriter.fullJSON(definition, names: names)))
        }
        return out
    }

    public var description: String { canonicalForm }

    /// Whether two schemas have the same canonical form (defaults, docs and aliases aside).
    public func isSameSchema(as other: AvroSchema) -> Bool { canonicalForm == other.canonicalForm }
}

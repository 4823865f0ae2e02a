public import TopologyDSL

/// An Avro schema as a Swift tree, parsed from its JSON text. It drives the mapping to `ValueType`,
/// the canonical form, defaults and schema resolution; avro-c parses the same text for the binary
/// encoding. A named type is defined (inline) where it first occurs and is a `.reference` after that.
public indirect enum AvroType: Sendable, Hashable {
    case null, boolean, int, long, float, double, bytes, string
    case record(AvroRecordType)
    case enumeration(AvroEnumType)
    case fixed(AvroFixedType)
    case array(items: AvroType)
    case map(values: AvroType)
    case union([AvroType])
    /// A named type defined elsewhere in the same schema, by full name.
    case reference(String)

    /// The primitive types by their Avro names.
    static let primitives: [String: AvroType] = [
        "null": .null, "boolean": .boolean, "int": .int, "long": .long, "float": .float,
        "double": .double, "bytes": .bytes, "string": .string,
    ]

    /// The Avro type name (`record`, `string`, ...), or the full name of a reference.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .int: "int"
        case .long: "long"
        case .float: "float"
        case .double: "double"
        case .bytes: "bytes"
        case .string: "string"
        case .record: "record"
        case .enumeration: "enum"
        case .fixed: "fixed"
        case .array: "array"
        case .map: "map"
        case .union: "union"
        case .reference(let name): name
        }
    }

    /// The full name of a named type (record, enum, fixed or reference), else nil.
    public var fullName: String? {
        switch self {
        case .record(let r): r.fullName
        case .enumeration(let e): e.fullName
        case .fixed(let f): f.fullName
        case .reference(let name): name
        default: nil
        }
    }
}

/// An Avro record type: full name, aliases and ordered fields.
public struct AvroRecordType: Sendable, Hashable {
    public var fullName: String
    public var aliases: [String]
    public var fields: [AvroField]

    /// The unqualified name (after the last dot).
    public var name: String { AvroNames.shortName(fullName) }

    /// The index of the field `name`, if the record has one.
    public func fieldIndex(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }
}

/// One field of an Avro record, with its default (as written in the schema and as a `Value`).
public struct AvroField: Sendable, Hashable {
    public var name: String
    public var type: AvroType
    public var aliases: [String]
    /// The `default` attribute as JSON, written back into a schema's full JSON text.
    public var defaultJSON: Value?
    /// The default converted to the value a reader gets when the writer lacks the field.
    public var defaultValue: Value?
}

/// An Avro enum type: full name, aliases, symbols and optional default symbol.
public struct AvroEnumType: Sendable, Hashable {
    public var fullName: String
    public var aliases: [String]
    public var symbols: [String]
    public var defaultSymbol: String?
}

/// An Avro fixed type: full name, aliases and size in bytes.
public struct AvroFixedType: Sendable, Hashable {
    public var fullName: String
    public var aliases: [String]
    public var size: Int
}

/// Helpers for Avro names and the table of named types of one schema.
enum AvroNames {
    /// The part of `fullName` after the last dot.
    static func shortName(_ fullName: String) -> String {
        guard let dot = fullName.lastIndex(of: ".") else { return fullName }
        return String(fullName[fullName.index(after: dot)...])
    }

    /// The namespace part of `fullName` (before the last dot), or nil.
    static func namespace(_ fullName: String) -> String? {
        guard let dot = fullName.lastIndex(of: ".") else { return nil }
        return String(fullName[..<dot])
    }

    /// `type` with a top-level reference replaced by its definition from `names`.
    static func resolve(_ type: AvroType, _ names: [String: AvroType]) -> AvroType {
        if case .reference(let name) = type, let definition = names[name] { return definition }
        return type
    }
}

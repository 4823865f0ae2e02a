import TopologyDSL

/// One version of a subject in the schema registry, as Confluent's REST API shows it.
public struct RegisteredSchema: Sendable, Equatable {
    public var subject: String
    public var version: Int
    public var id: Int32
    public var schema: String
    public var schemaType: String

    public init(subject: String, version: Int, id: Int32, schema: String, schemaType: String = "AVRO") {
        self.subject = subject
        self.version = version
        self.id = id
        self.schema = schema
        self.schemaType = schemaType
    }

    /// `{"subject", "version", "id", "schema"}` (plus `schemaType` unless Avro, as Confluent does).
    var value: Value {
        var fields = Fields([
            ("subject", .string(subject)), ("version", .int(Int64(version))),
            ("id", .int(Int64(id))), ("schema", .string(schema)),
        ])
        if schemaType != "AVRO" { fields.set("schemaType", .string(schemaType)) }
        return .record(fields)
    }

    init?(_ value: Value) {
        guard case .string(let subject) = value[field: "subject"], case .int(let version) = value[field: "version"],
            case .int(let id) = value[field: "id"], case .string(let schema) = value[field: "schema"]
        else { return nil }
        self.init(
            subject: subject, version: Int(version), id: Int32(truncatingIfNeeded: id), schema: schema,
            schemaType: value[field: "schemaType"].stringValue ?? "AVRO")
    }
}

/// How new versions of a subject must relate to earlier ones (Confluent's compatibility levels).
public struct CompatibilityLevel: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public init?(_ name: String) {
        guard Self.all.contains(name.uppercased()) else { return nil }
        self.name = name.uppercased()
    }
    private init(known: String) { name = known }
    public var description: String { name }

    static let all = [
        "NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE",
    ]
    public static let none = CompatibilityLevel(known: "NONE")
    public static let backward = CompatibilityLevel(known: "BACKWARD")

    /// Whether a new schema must be able to read data written with the earlier ones.
    var checksBackward: Bool { name.hasPrefix("BACKWARD") || name.hasPrefix("FULL") }
    /// Whether the earlier schemas must be able to read data written with the new one.
    var checksForward: Bool { name.hasPrefix("FORWARD") || name.hasPrefix("FULL") }
    /// Whether every earlier version is checked, not only the latest.
    var isTransitive: Bool { name.hasSuffix("TRANSITIVE") }
}

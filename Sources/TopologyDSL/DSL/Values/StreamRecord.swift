/// A `Codable` struct used as a record key or value: `ValueType.record(typeName, fields, serde:)`.
///
/// ```swift
/// struct LocationSku: StreamRecord, Hashable {
///     static let typeName = "LocationSku"
///     var location: String
///     var sku: String
/// }
/// ```
/// The fields, their order and their types come from the synthesized `Codable` conformance (or
/// declare `static var fields` to say them yourself); they must match a YAML `types:` entry of the
/// same name for the two front ends to describe the same graph.
public protocol StreamRecord: StreamValue, Codable {
    /// The record type's name in the graph (`LocationSku`); the Swift type's name by default.
    static var typeName: String { get }
    /// The serde plugin that writes the record (`json` by default, `avro`, ...).
    static var serde: String { get }
    /// The record's fields in order; derived from `init(from:)` by default.
    static var fields: [ValueType.Field] { get }
}

/// Defaults: the Swift type's name, JSON, fields from `Decodable`, conversion through `ValueEncoder`/`ValueDecoder`.
extension StreamRecord {
    public static var typeName: String { String(describing: Self.self) }
    public static var serde: String { "json" }
    public static var fields: [ValueType.Field] { FieldProbe.fields(of: Self.self) }
    public static var streamType: ValueType { .record(typeName, fields, serde: serde) }

    public init(streamValue: Value) throws {
        self = try ValueDecoder().decode(Self.self, from: streamValue)
    }

    public var streamValue: Value { get throws { try ValueEncoder().encode(self) } }
}

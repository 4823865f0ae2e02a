public import TopologyDSL

extension AvroSchema {
    /// The topology type of this schema: a record maps to `ValueType.record(name, fields, serde: "avro")`
    /// named by its unqualified name; see `valueType(of:)` for the field types.
    public var valueType: ValueType { valueType(named: name ?? type.typeName) }

    /// The topology type of this schema under the type name `typeName` (as a topology file declares it).
    public func valueType(named typeName: String) -> ValueType {
        var type = valueType(of: type)
        if type.kind == .record { type.name = typeName }
        return type
    }

    /// The `ValueType` of an Avro type: string → string, int → int32, long → int64, float and double →
    /// double, boolean → bool, bytes and fixed → bytes, enum → string, array → list, map → json,
    /// record → record (serde `avro`, nested records too), a union of null and one type → that type
    /// (values may then be null), any other union → any.
    public func valueType(of avroType: AvroType) -> ValueType {
        var seen: Set<String> = []
        return map(avroType, seen: &seen)
    }

    private func map(_ avroType: AvroType, seen: inout Set<String>) -> ValueType {
        switch AvroNames.resolve(avroType, names) {
        case .null: return .null
        case .boolean: return .bool
        case .int: return .int32
        case .long: return .int64
        case .float, .double: return .double
        case .bytes, .fixed: return .bytes
        case .string, .enumeration: return .string
        case .array: return .list
        case .map: return .json
        case .reference: return .any
        case .union(let branches):
            let nonNull = branches.filter { if case .null = $0 { false } else { true } }
            return nonNull.count == 1 ? map(nonNull[0], seen: &seen) : .any
        case .record(let record):
            // A record that contains itself maps its inner occurrences to `any`.
            guard seen.insert(record.fullName).inserted else { return .any }
            defer { seen.remove(record.fullName) }
            let fields = record.fields.map { ValueType.Field($0.name, map($0.type, seen: &seen)) }
            return .record(record.name, fields, serde: "avro")
        }
    }
}

public import TopologyDSL

/// JSON text; for a record type, fields are checked and written in declaration order so equal keys
/// give equal bytes.
public struct JSONSerde: Serde {
    public let type: ValueType

    public init(type: ValueType) { self.type = type }

    public func serialize(_ value: Value, into out: inout [UInt8]) throws(SerdeError) {
        guard type.kind == .record else {
            JSONWriter.write(value, into: &out)
            return
        }
        guard case .record(let fields) = value else {
            throw SerdeError("expected a \(type.name) record, got \(value.kindName)")
        }
        out.append(UInt8(ascii: "{"))
        for (index, field) in type.fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(field.name, into: &out)
            out.append(UInt8(ascii: ":"))
            JSONWriter.write(fields[field.name] ?? .null, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    public func deserialize(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) -> Value {
        let value: Value
        do { value = try JSONReader.parse(bytes) } catch { throw SerdeError("invalid JSON: \(error)") }
        if type.kind == .record {
            guard case .record(let fields) = value else {
                throw SerdeError("expected a \(type.name) object, got \(value.kindName)")
            }
            for field in type.fields where fields[field.name] == nil {
                throw SerdeError("\(type.name) is missing field '\(field.name)'", field: field.name)
            }
        }
        return value
    }
}

/// Makes JSON serdes for records and dynamic values.
public struct JSONSerdePlugin: SerdePlugin {
    public var name: String { "json" }
    public init() {}
    public func makeSerde(for type: ValueType) throws(SerdeError) -> any Serde { JSONSerde(type: type) }
}

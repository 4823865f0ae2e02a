public import TopologyDSL

/// UTF-8 strings, as Kafka's StringSerializer writes them.
public struct StringSerde: Serde, SerdePlugin {
    public var name: String { "string" }
    public init() {}
    public func makeSerde(for type: ValueType) throws(SerdeError) -> any Serde { self }

    public func serialize(_ value: Value, into out: inout [UInt8]) throws(SerdeError) {
        guard case .string(let s) = value else { throw SerdeError("expected a string, got \(value.kindName)") }
        out.append(contentsOf: s.utf8)
    }

    public func deserialize(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) -> Value {
        guard let s = String(validating: bytes, as: UTF8.self) else { throw SerdeError("invalid UTF-8 in a string") }
        return .string(s)
    }
}

/// Raw bytes, passed through unchanged.
public struct BytesSerde: Serde, SerdePlugin {
    public var name: String { "bytes" }
    public init() {}
    public func makeSerde(for type: ValueType) throws(SerdeError) -> any Serde { self }

    public func serialize(_ value: Value, into out: inout [UInt8]) throws(SerdeError) {
        switch value {
        case .bytes(let b): out.append(contentsOf: b)
        case .string(let s): out.append(contentsOf: s.utf8)
        default: throw SerdeError("expected bytes, got \(value.kindName)")
        }
    }

    public func deserialize(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) -> Value { .bytes(Array(bytes)) }
    public func validate(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) {}
}

public import TopologyDSL

/// Big-endian IEEE 754 doubles, as Kafka's DoubleSerializer writes them.
public struct DoubleSerde: Serde, SerdePlugin {
    public var name: String { "double" }
    public init() {}
    public func makeSerde(for type: ValueType) throws(SerdeError) -> any Serde { self }

    public func serialize(_ value: Value, into out: inout [UInt8]) throws(SerdeError) {
        let d: Double
        switch value {
        case .double(let v): d = v
        case .int(let i): d = Double(i)
        default: throw SerdeError("expected a number, got \(value.kindName)")
        }
        let bits = d.bitPattern
        for shift in stride(from: 56, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
    }

    public func deserialize(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) -> Value {
        guard bytes.count == 8 else { throw SerdeError("expected 8 bytes for a double, got \(bytes.count)") }
        var bits: UInt64 = 0
        for byte in bytes { bits = bits << 8 | UInt64(byte) }
        return .double(Double(bitPattern: bits))
    }
}

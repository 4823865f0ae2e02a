public import TopologyDSL

/// Big-endian two's-complement integers of 4 or 8 bytes, as Kafka's IntegerSerializer and LongSerializer write them.
public struct IntegerSerde: Serde {
    public let byteCount: Int

    public init(byteCount: Int) { self.byteCount = byteCount }

    public func serialize(_ value: Value, into out: inout [UInt8]) throws(SerdeError) {
        guard case .int(let i) = value else { throw SerdeError("expected an integer, got \(value.kindName)") }
        if byteCount == 4 {
            guard let narrow = Int32(exactly: i) else { throw SerdeError("\(i) does not fit in int32") }
            let bits = UInt32(bitPattern: narrow)
            out.append(contentsOf: [
                UInt8(bits >> 24), UInt8(truncatingIfNeeded: bits >> 16),
                UInt8(truncatingIfNeeded: bits >> 8), UInt8(truncatingIfNeeded: bits),
            ])
        } else {
            let bits = UInt64(bitPattern: i)
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
            }
        }
    }

    public func deserialize(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) -> Value {
        guard bytes.count == byteCount else {
            throw SerdeError("expected \(byteCount) bytes for int\(byteCount * 8), got \(bytes.count)")
        }
        var bits: UInt64 = 0
        for byte in bytes { bits = bits << 8 | UInt64(byte) }
        if byteCount == 4 { return .int(Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: bits)))) }
        return .int(Int64(bitPattern: bits))
    }
}

/// Makes `int32` and `int64` serdes.
public struct IntegerSerdePlugin: SerdePlugin {
    public let name: String
    let byteCount: Int
    public init(name: String, byteCount: Int) {
        self.name = name
        self.byteCount = byteCount
    }
    public func makeSerde(for type: ValueType) throws(SerdeError) -> any Serde { IntegerSerde(byteCount: byteCount) }
}

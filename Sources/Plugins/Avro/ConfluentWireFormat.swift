public import TopologyDSL

/// Confluent's Schema Registry wire format, as its serializers write Kafka keys and values:
/// magic byte 0, the schema id as a 4-byte big-endian integer, then the Avro binary body.
public enum ConfluentWireFormat {
    /// The first byte of every framed record.
    public static let magicByte: UInt8 = 0
    /// Magic byte plus schema id.
    public static let headerSize = 5

    /// Appends the 5-byte header for `schemaId` to `out`.
    public static func appendHeader(schemaId: Int32, to out: inout [UInt8]) {
        let id = UInt32(bitPattern: schemaId)
        out.append(magicByte)
        out.append(UInt8(truncatingIfNeeded: id >> 24))
        out.append(UInt8(truncatingIfNeeded: id >> 16))
        out.append(UInt8(truncatingIfNeeded: id >> 8))
        out.append(UInt8(truncatingIfNeeded: id))
    }

    /// Splits framed bytes into the schema id and the Avro body (a view into `bytes`).
    public static func split(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) -> (
        schemaId: Int32, body: UnsafeRawBufferPointer
    ) {
        guard bytes.count >= headerSize else {
            throw SerdeError(
                bytes.isEmpty
                    ? "empty bytes are not Confluent-framed Avro (expected magic byte 0 and a 4-byte schema id)"
                    : "\(bytes.count) byte(s) are too short for Confluent-framed Avro (magic byte 0, 4-byte schema id, body)"
            )
        }
        guard bytes[0] == magicByte else {
            throw SerdeError("unknown magic byte \(bytes[0]) (expected 0): not Confluent-framed Avro")
        }
        var id: UInt32 = 0
        for i in 1..<headerSize { id = id << 8 | UInt32(bytes[i]) }
        return (Int32(bitPattern: id), UnsafeRawBufferPointer(rebasing: bytes[headerSize...]))
    }
}

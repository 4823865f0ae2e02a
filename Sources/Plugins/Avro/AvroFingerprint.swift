/// Avro's 64-bit Rabin fingerprint (CRC-64-AVRO) of a schema's Parsing Canonical Form, as the
/// specification defines it for single-object encoding and schema caches.
public enum AvroFingerprint {
    private static let empty: UInt64 = 0xc15d_213a_a4d7_a795

    private static let table: [UInt64] = (0..<256).map { i in
        var fp = UInt64(i)
        for _ in 0..<8 { fp = (fp >> 1) ^ (empty & (0 &- (fp & 1))) }
        return fp
    }

    /// The CRC-64-AVRO fingerprint of `bytes` (normally the UTF-8 canonical form).
    public static func rabin64<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var fp = empty
        for byte in bytes { fp = (fp >> 8) ^ table[Int((fp ^ UInt64(byte)) & 0xff)] }
        return fp
    }
}

/// Kafka's default partitioner for keyed records: `toPositive(murmur2(key)) % partitions`, exactly as
/// the Java client computes it, so records from other producers land where the runner expects them.
public enum Murmur2Partitioner {
    /// Kafka's murmur2 hash (seed 0x9747b28c) of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let length = bytes.count
        let seed: UInt32 = 0x9747_b28c
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        var h: UInt32 = seed ^ UInt32(truncatingIfNeeded: length)
        let quads = length / 4
        for i in 0..<quads {
            let base = i * 4
            var k =
                UInt32(bytes[base]) | UInt32(bytes[base + 1]) << 8 | UInt32(bytes[base + 2]) << 16
                | UInt32(bytes[base + 3]) << 24
            k &*= m
            k ^= k >> r
            k &*= m
            h &*= m
            h ^= k
        }
        let tail = quads * 4
        switch length % 4 {
        case 3:
            h ^= UInt32(bytes[tail + 2]) << 16
            h ^= UInt32(bytes[tail + 1]) << 8
            h ^= UInt32(bytes[tail])
            h &*= m
        case 2:
            h ^= UInt32(bytes[tail + 1]) << 8
            h ^= UInt32(bytes[tail])
            h &*= m
        case 1:
            h ^= UInt32(bytes[tail])
            h &*= m
        default: break
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// The partition of `key` among `partitions`.
    public static func partition(of key: [UInt8], partitions: Int32) -> Int32 {
        let h = key.withUnsafeBytes { hash($0) }
        return (h & 0x7fff_ffff) % partitions
    }
}

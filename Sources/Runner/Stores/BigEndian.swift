/// Big-endian integers in byte arrays (markers, origins, task metadata).
package enum BigEndian {
    package static func append(_ value: Int64, to out: inout [UInt8], bytes: Int = 8) {
        for shift in stride(from: (bytes - 1) * 8, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: value >> Int64(shift)))
        }
    }

    /// Reads `bytes` bytes at `index`; the caller checked the bounds.
    package static func int64(_ buffer: UnsafeRawBufferPointer, at index: Int, bytes: Int = 8) -> Int64 {
        var value: Int64 = 0
        for i in index..<index + bytes { value = value << 8 | Int64(buffer[i]) }
        return value
    }
}

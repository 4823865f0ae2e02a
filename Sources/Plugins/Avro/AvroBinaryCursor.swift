import TopologyDSL

/// A bounds-checked read position in Avro binary data: zig-zag varints, lengths and raw spans.
struct AvroBinaryCursor {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func byte(_ what: String) throws(SerdeError) -> UInt8 {
        guard offset < bytes.count else { throw truncated(what, needed: 1) }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Skips `count` bytes of `what`.
    mutating func take(_ count: Int, _ what: String) throws(SerdeError) {
        guard count <= remaining else { throw truncated(what, needed: count) }
        offset += count
    }

    /// A zig-zag varint of at most 10 bytes (an Avro long).
    mutating func long(_ what: String) throws(SerdeError) -> Int64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte(what)
            if shift == 63 && b > 1 {
                throw SerdeError("\(what) at body byte \(start) is a varint longer than 64 bits")
            }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { break }
            shift += 7
        }
        return Int64(bitPattern: (result >> 1) ^ (0 &- (result & 1)))
    }

    /// A zig-zag varint that fits an Avro int.
    mutating func int(_ what: String) throws(SerdeError) -> Int {
        let start = offset
        let value = try long(what)
        guard offset - start <= 5, let narrow = Int32(exactly: value) else {
            throw SerdeError("\(what) at body byte \(start) does not fit in an Avro int")
        }
        return Int(narrow)
    }

    /// A non-negative length that the remaining bytes could hold.
    mutating func length(_ what: String) throws(SerdeError) -> Int {
        let start = offset
        let value = try long(what)
        guard value >= 0 else { throw SerdeError("\(what) at body byte \(start) is negative (\(value))") }
        guard value <= Int64(remaining) else {
            throw SerdeError("\(what) at body byte \(start) is \(value) but only \(remaining) byte(s) remain")
        }
        return Int(value)
    }

    /// The item count of the next array or map block; a negative count is followed by the block's size.
    mutating func blockCount() throws(SerdeError) -> Int {
        let start = offset
        let count = try long("a block count")
        if count >= 0 {
            guard count <= Int64(Int32.max) else {
                throw SerdeError("the block count at body byte \(start) is too large (\(count))")
            }
            return Int(count)
        }
        guard count > -Int64(Int32.max) else {
            throw SerdeError("the block count at body byte \(start) is too large (\(count))")
        }
        _ = try length("a block size")
        return Int(-count)
    }

    private func truncated(_ what: String, needed: Int) -> SerdeError {
        SerdeError(
            "the Avro body ends early: \(what) at body byte \(offset) needs \(needed) byte(s), \(remaining) left")
    }
}

import StreamrunEngine

/// The on-disk framing of one record, little-endian:
/// `u32 bodyLength, u32 crc32c(body)`, then the body: `i64 offset, i64 timestamp,
/// i32 keyLength (-1 = null), key, i32 valueLength (-1 = null), value,
/// i32 headerCount, (i32 nameLength, name, i32 valueLength, value) per header`.
enum RecordFrame {
    static let prefixSize = 8
    static let fixedBodySize = 28
    static let minimumSize = prefixSize + fixedBodySize

    /// The framed size of `record`.
    static func encodedSize(_ record: OutgoingRecord) -> Int {
        var size = minimumSize + (record.key?.count ?? 0) + (record.value?.count ?? 0)
        for (name, value) in record.headers { size += 8 + name.utf8.count + value.count }
        return size
    }

    /// Appends the frame of `record` at `offset` to `buffer`; `size` is `encodedSize(record)`.
    static func encode(_ record: OutgoingRecord, offset: Int64, size: Int, into buffer: FrameBuffer) {
        let frame = buffer.reserve(size)
        var p = frame + prefixSize
        store(offset, at: &p)
        store(record.timestamp, at: &p)
        storeBytes(record.key, at: &p)
        storeBytes(record.value, at: &p)
        store(Int32(record.headers.count), at: &p)
        for (name, value) in record.headers {
            var name = name
            name.withUTF8 { utf8 in storeBytes(UnsafeRawBufferPointer(utf8), at: &p) }
            storeBytes(value, at: &p)
        }
        let bodyLength = size - prefixSize
        frame.storeBytes(of: UInt32(bodyLength).littleEndian, as: UInt32.self)
        let crc = CRC32C.checksum(frame + prefixSize, count: bodyLength)
        frame.storeBytes(of: crc.littleEndian, toByteOffset: 4, as: UInt32.self)
        buffer.count += size
    }

    @inline(__always)
    private static func store<T: FixedWidthInteger>(_ value: T, at p: inout UnsafeMutableRawPointer) {
        p.storeBytes(of: value.littleEndian, as: T.self)
        p += MemoryLayout<T>.size
    }

    @inline(__always)
    private static func storeBytes(_ bytes: [UInt8]?, at p: inout UnsafeMutableRawPointer) {
        guard let bytes else { return store(Int32(-1), at: &p) }
        bytes.withUnsafeBytes { storeBytes($0, at: &p) }
    }

    @inline(__always)
    private static func storeBytes(_ bytes: UnsafeRawBufferPointer, at p: inout UnsafeMutableRawPointer) {
        store(Int32(bytes.count), at: &p)
        if let base = bytes.baseAddress, bytes.count > 0 { p.copyMemory(from: base, byteCount: bytes.count) }
        p += bytes.count
    }

    @inline(__always)
    static func load<T: FixedWidthInteger>(_ p: UnsafeRawPointer, _ at: Int, as: T.Type) -> T {
        T(littleEndian: p.loadUnaligned(fromByteOffset: at, as: T.self))
    }

    /// The whole frame length announced by the frame at `p` (needs `prefixSize` bytes).
    @inline(__always)
    static func frameLength(at p: UnsafeRawPointer) -> Int {
        prefixSize + Int(load(p, 0, as: UInt32.self))
    }

    @inline(__always)
    static func offset(at p: UnsafeRawPointer) -> Int64 { load(p, prefixSize, as: Int64.self) }

    /// What a recovery scan finds at one position.
    enum Check: Equatable {
        case valid(length: Int)
        case incomplete
        case corrupt(String)
    }

    /// Fully validates the frame at `p` (length, checksum, structure, and an offset of at least
    /// `minimumOffset`: offsets grow by one on append, and compaction leaves gaps).
    static func check(_ p: UnsafeRawPointer, available: Int, minimumOffset: Int64) -> Check {
        guard available >= prefixSize else { return .incomplete }
        let length = frameLength(at: p)
        guard length >= minimumSize else { return .corrupt("frame length \(length) too small") }
        guard length <= available else { return .incomplete }
        let stored = load(p, 4, as: UInt32.self)
        guard CRC32C.checksum(p + prefixSize, count: length - prefixSize) == stored else {
            return .corrupt("checksum mismatch")
        }
        let offset = self.offset(at: p)
        guard offset >= minimumOffset else { return .corrupt("offset \(offset), expected at least \(minimumOffset)") }
        var at = prefixSize + 16
        func field() -> Bool {  // i32 length (maybe -1) then bytes; false when it overruns
            guard at + 4 <= length else { return false }
            let n = Int(load(p, at, as: Int32.self))
            at += 4
            guard n >= -1, at + max(n, 0) <= length else { return false }
            at += max(n, 0)
            return true
        }
        guard field(), field(), at + 4 <= length else { return .corrupt("malformed key or value") }
        let headers = Int(load(p, at, as: Int32.self))
        at += 4
        guard headers >= 0 else { return .corrupt("negative header count") }
        for _ in 0..<headers {
            guard field(), field() else { return .corrupt("malformed header") }
        }
        return at == length ? .valid(length: length) : .corrupt("trailing bytes in frame")
    }

    /// The record at `p` (a frame already validated), borrowed from the buffer it lives in.
    @inline(__always)
    static func view(_ p: UnsafeRawPointer) -> ConsumedRecordView {
        let offset = load(p, 8, as: Int64.self)
        let timestamp = load(p, 16, as: Int64.self)
        let keyLength = Int(load(p, 24, as: Int32.self))
        let key = keyLength < 0 ? nil : UnsafeRawBufferPointer(start: p + 28, count: keyLength)
        let valueAt = 28 + max(keyLength, 0)
        let valueLength = Int(load(p, valueAt, as: Int32.self))
        let value = valueLength < 0 ? nil : UnsafeRawBufferPointer(start: p + valueAt + 4, count: valueLength)
        return ConsumedRecordView(offset: offset, timestamp: timestamp, key: key, value: value)
    }

    /// Where the header block (`i32 count` then pairs) of the validated frame at `p` starts.
    static func headersStart(_ p: UnsafeRawPointer) -> Int {
        let keyLength = Int(load(p, 24, as: Int32.self))
        let valueAt = 28 + max(keyLength, 0)
        let valueLength = Int(load(p, valueAt, as: Int32.self))
        return valueAt + 4 + max(valueLength, 0)
    }
}

extension UnsafeRawBufferPointer {
    /// The buffer's start as a C `const char*`; an empty buffer gets a valid dummy address, so C
    /// never sees a NULL data pointer.
    @inline(__always)
    var rocksChars: UnsafePointer<CChar> {
        let start = baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
        return start.assumingMemoryBound(to: CChar.self)
    }

    /// Wraps a C (pointer, length) pair that RocksDB handed back.
    @inline(__always)
    init(rocksChars: UnsafePointer<CChar>?, count: Int) {
        self.init(start: rocksChars.map { UnsafeRawPointer($0) }, count: rocksChars == nil ? 0 : count)
    }
}

/// Calls `body` with a C array of NUL-terminated copies of `strings`, valid only during the call.
func withRocksCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R) rethrows -> R
{
    let copies: [UnsafeMutablePointer<CChar>] = strings.map { string in
        let utf8 = string.utf8CString
        let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
        utf8.withUnsafeBufferPointer { copy.initialize(from: $0.baseAddress!, count: utf8.count) }
        return copy
    }
    defer { copies.forEach { $0.deallocate() } }
    let pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
    return try pointers.withUnsafeBufferPointer { try body($0.baseAddress!) }
}

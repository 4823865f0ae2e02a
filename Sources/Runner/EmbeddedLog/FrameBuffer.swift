#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable, manually managed byte buffer that frames are encoded into before one write(2).
// @unchecked Sendable: owned by one thread at a time: producers fill a queue's buffer under the LogWriter's
// `condition`, then a writer cycle owns it until `recycle`; the compactor's buffers stay on the cleaner thread.
final class FrameBuffer: @unchecked Sendable {
    private(set) var bytes: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Bytes in use.
    var count: Int = 0

    init(capacity: Int = 64 * 1024) {
        self.capacity = max(capacity, 64)
        bytes = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { bytes.deallocate() }

    /// Makes room for `extra` more bytes and returns where they start.
    @inline(__always)
    func reserve(_ extra: Int) -> UnsafeMutableRawPointer {
        if count + extra > capacity { grow(to: count + extra) }
        return bytes + count
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBytes = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newBytes.copyMemory(from: bytes, byteCount: count)
        bytes.deallocate()
        bytes = newBytes
        capacity = newCapacity
    }

    /// Forgets the contents; shrinks back when a burst made the buffer very large.
    func reset(keepingAtMost limit: Int = 8 << 20) {
        count = 0
        if capacity > limit {
            bytes.deallocate()
            capacity = 64 * 1024
            bytes = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }
    }

    var readable: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: bytes, count: count) }
}

#if canImport(Darwin)
    internal import Darwin
#elseif canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#endif

/// Spreads threads over a few slots (a hash of the thread's id), for lock striping.
enum ThreadSlot {
    /// The number of slots (a power of two).
    static let count = 8

    /// The calling thread's slot, in `0..<count`.
    static var current: Int {
        #if canImport(Darwin)
            let id = UInt(bitPattern: pthread_self())  // a pointer on Darwin
        #else
            let id = UInt(pthread_self())  // an integer on Glibc and Musl
        #endif
        // Thread ids are aligned addresses; a multiplicative hash's top bits spread them.
        return Int(truncatingIfNeeded: (UInt64(id) &* 0x9e37_79b9_7f4a_7c15) >> UInt64(64 - count.trailingZeroBitCount))
    }
}

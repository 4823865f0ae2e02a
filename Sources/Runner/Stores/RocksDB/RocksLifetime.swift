#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Guards a database's C objects against use after close.
///
/// Every operation registers itself as in flight while it touches C objects; `close` flips the
/// state to closed (new operations then throw) and waits until the in-flight count drops to zero
/// before it frees anything. Nested operations (e.g. a `get` inside a `forEach` body) are fine.
/// Calling `close` from inside an operation's callback would wait for itself: don't.
// @unchecked Sendable: `isOpen` and `inFlight` are read and written only with `mutex` locked.
final class RocksLifetime: @unchecked Sendable {
    let path: String
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let drained: UnsafeMutablePointer<pthread_cond_t>
    private var isOpen = true
    private var inFlight = 0

    init(path: String) {
        self.path = path
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        drained = .allocate(capacity: 1)
        drained.initialize(to: pthread_cond_t())
        pthread_cond_init(drained, nil)
    }

    deinit {
        pthread_cond_destroy(drained)
        drained.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Whether `close` has not run yet (a hint; may change right after it returns).
    var open: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return isOpen
    }

    /// Runs `body` while the database is guaranteed to stay open; throws `.closed` otherwise.
    @inline(__always)
    func withOpen<R, E: Error>(_ body: () throws(E) -> R) throws -> R {
        try enter()
        defer { leave() }
        return try body()
    }

    /// Like `withOpen`, but returns nil instead of throwing when closed.
    @inline(__always)
    func ifOpen<R>(_ body: () -> R) -> R? {
        guard (try? enter()) != nil else { return nil }
        defer { leave() }
        return body()
    }

    /// Marks the lifetime closed, waits for in-flight operations and runs `teardown` exactly once.
    /// Returns false (without running `teardown`) if already closed.
    @discardableResult
    func close(_ teardown: () -> Void) -> Bool {
        pthread_mutex_lock(mutex)
        guard isOpen else {
            pthread_mutex_unlock(mutex)
            return false
        }
        isOpen = false
        while inFlight > 0 { pthread_cond_wait(drained, mutex) }
        pthread_mutex_unlock(mutex)
        teardown()
        return true
    }

    @inline(__always)
    private func enter() throws(RocksDBError) {
        pthread_mutex_lock(mutex)
        guard isOpen else {
            pthread_mutex_unlock(mutex)
            throw RocksDBError.closed(path)
        }
        inFlight += 1
        pthread_mutex_unlock(mutex)
    }

    @inline(__always)
    private func leave() {
        pthread_mutex_lock(mutex)
        inFlight -= 1
        if inFlight == 0 && !isOpen { pthread_cond_broadcast(drained) }
        pthread_mutex_unlock(mutex)
    }
}

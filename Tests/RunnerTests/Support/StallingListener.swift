import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback port that takes connections and never answers: an instance that hangs. A thread of
/// its own takes each connection as it arrives and notes when, so the times are right however busy
/// the test process is. Once closed, connecting to it is refused: an instance that is down.
final class StallingListener: @unchecked Sendable {  // `fd`, `accepted` and `times` are guarded by `lock`
    struct Failure: Error, CustomStringConvertible { let description: String }

    let port: Int
    private let lock = NSLock()
    private var fd: Int32
    private var accepted: [Int32] = []
    private var times: [Double] = []

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 128) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            Glibc.close(fd)
            throw Failure(description: "bind/listen: errno \(code)")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [weak self] in
            while let self, self.acceptArriving() {}
        }
        thread.name = "stalling-listener"
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// When each connection so far arrived (seconds on the monotonic clock), in order.
    var arrivals: [Double] { lock.withLock { times } }

    /// Waits up to 50 ms for a connection and takes it (holding it open, answering nothing);
    /// false once the listener is closed.
    private func acceptArriving() -> Bool {
        let listening = lock.withLock { fd }
        guard listening >= 0 else { return false }
        var ready = pollfd(fd: listening, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, 50) == 1 else { return true }
        return lock.withLock {
            guard fd >= 0 else { return false }
            let connection = accept(fd, nil, nil)
            if connection >= 0 {
                accepted.append(connection)
                times.append(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
            }
            return true
        }
    }

    /// Stops listening: the connections waiting in the backlog are reset, new ones refused, and the
    /// ones taken are closed.
    func close() {
        lock.withLock {
            for connection in accepted { Glibc.close(connection) }
            accepted = []
            guard fd >= 0 else { return }
            Glibc.close(fd)
            fd = -1
        }
    }

    deinit { close() }
}

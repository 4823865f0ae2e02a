import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback port that takes connections (into the kernel's backlog) and never answers: an
/// instance that hangs. Once closed, connecting to it is refused: an instance that is down.
final class StallingListener {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let port: Int
    private var fd: Int32
    private var accepted: [Int32] = []

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
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Takes every connection waiting in the backlog (and holds it open, answering nothing);
    /// returns how many it has taken in all. A client's connections to this address, counted.
    func acceptWaiting() -> Int {
        guard fd >= 0 else { return accepted.count }
        while true {
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 0) == 1 else { break }
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else { break }
            accepted.append(connection)
        }
        return accepted.count
    }

    /// Stops listening: the connections waiting in the backlog are reset, new ones refused, and the
    /// ones taken are closed.
    func close() {
        for connection in accepted { Glibc.close(connection) }
        accepted = []
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    deinit { close() }
}

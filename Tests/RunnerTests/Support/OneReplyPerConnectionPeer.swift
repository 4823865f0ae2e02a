import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback HTTP peer that answers the first request on each connection with a keep-alive 200
/// and closes the connection, unanswered, when a second request arrives on it: a server whose idle
/// timeout ran out just as a client reused its pooled connection. Each connection gets a thread.
final class OneReplyPerConnectionPeer: @unchecked Sendable {  // `fd` and `connections` are guarded by `lock`
    struct Failure: Error, CustomStringConvertible { let description: String }

    let port: Int
    let body: String
    private let lock = NSLock()
    private var fd: Int32
    private var connections = 0

    init(body: String) throws {
        self.body = body
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(fd)
            throw Failure(description: "bind/listen: errno \(errno)")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [weak self] in
            while let self, self.acceptOne() {}
        }
        thread.name = "one-reply-peer"
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// How many connections the peer has taken so far.
    var connectionCount: Int { lock.withLock { connections } }

    func close() {
        lock.withLock {
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
    }

    private func acceptOne() -> Bool {
        let listening = lock.withLock { fd }
        guard listening >= 0 else { return false }
        var ready = pollfd(fd: listening, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, 50) == 1 else { return true }
        let connection = accept(listening, nil, nil)
        guard connection >= 0 else { return true }
        lock.withLock { connections += 1 }
        let reply =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let thread = Thread {
            defer { Glibc.close(connection) }
            guard Self.readHead(connection) else { return }
            _ = Array(reply.utf8).withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            _ = Self.readHead(connection)  // the second request: closed unanswered
        }
        thread.start()
        return true
    }

    /// Reads until a request's head has arrived; false if the connection ended first.
    private static func readHead(_ connection: Int32) -> Bool {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.suffix(4).elementsEqual("\r\n\r\n".utf8) {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            received += buffer[0..<count]
        }
        return true
    }
}

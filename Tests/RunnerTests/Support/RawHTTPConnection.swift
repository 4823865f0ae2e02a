import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One TCP connection to a test server on loopback, written byte by byte: for what URLSession will
/// not send (half a request, a stall, an invalid escape in a path) and for many open connections at
/// once. Linux only (like the rest of the suite's environment).
final class RawHTTPConnection {
    struct Failure: Error, CustomStringConvertible { let description: String }

    struct Response {
        let status: Int
        let headers: [String: String]
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }
    }

    private let fd: Int32
    private var buffered: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw Failure(description: "connect to port \(port): errno \(code)")
        }
    }

    deinit { close(fd) }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Writes every byte (MSG_NOSIGNAL: a connection the server closed is an error, not a SIGPIPE).
    func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += n
        }
    }

    /// Waits up to `seconds` for the server to close the connection, reading (and keeping) whatever
    /// it sends first; true if it closed.
    func waitForClose(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            switch read(until: deadline) {
            case .data: continue
            case .closed: return true
            case .timedOut: return false
            }
        }
    }

    /// Everything the server sent before it closed (after `waitForClose`).
    var received: [UInt8] { buffered }

    /// Reads one response (its head and a `Content-Length` body) within `seconds`.
    func readResponse(within seconds: Double = 10) throws -> Response {
        let deadline = Date().addingTimeInterval(seconds)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffered.indices.dropLast(3).first { Array(buffered[$0..<$0 + 4]) == separator }
            guard headEnd == nil else { break }
            let outcome = read(until: deadline)
            guard outcome == .data else {
                throw Failure(
                    description: "no response head (\(outcome)); got: \(String(decoding: buffered, as: UTF8.self))")
            }
        }
        let lines = String(decoding: buffered[..<headEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Failure(description: "bad status line \(lines[0])")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let bodyStart = headEnd! + 4
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffered.count < bodyStart + length {
            let outcome = read(until: deadline)
            guard outcome == .data else { throw Failure(description: "body cut short (\(outcome))") }
        }
        let body = Array(buffered[bodyStart..<bodyStart + length])
        buffered.removeFirst(bodyStart + length)
        return Response(status: status, headers: headers, body: body)
    }

    private enum ReadOutcome { case data, closed, timedOut }

    private func read(until deadline: Date) -> ReadOutcome {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { return .timedOut }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(remaining * 1000) + 1)
        if ready == 0 { return .timedOut }
        if ready < 0 { return errno == EINTR ? .data : .closed }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return n == 0 || errno != EINTR ? .closed : .data }
        buffered += chunk[..<n]
        return .data
    }
}

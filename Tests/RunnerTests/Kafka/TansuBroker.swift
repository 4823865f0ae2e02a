import Foundation
import Testing
@testable import Runner
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Tansu broker (in memory) on a free loopback port, stopped explicitly or in deinit.
final class TansuBroker: @unchecked Sendable {
    let port: Int
    private let process = Process()
    private let lock = NSLock()
    private var stopped = false  // guarded by `lock`

    /// `$STREAMRUN_TOOLS/bin/tansu` (default /opt/streamrun-tools), else `tansu` on the PATH.
    static let binary: String? = {
        let environment = ProcessInfo.processInfo.environment
        var candidates = [(environment["STREAMRUN_TOOLS"] ?? "/opt/streamrun-tools") + "/bin/tansu"]
        for directory in (environment["PATH"] ?? "").split(separator: ":") { candidates.append("\(directory)/tansu") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isAvailable: Bool { binary != nil }

    /// `sh -c WATCHDOG tansu args...`: runs the broker until the shell's parent is gone or the
    /// shell gets SIGTERM, then SIGKILLs it.
    private static let watchdog = """
        "$0" "$@" & broker=$!
        trap 'kill -9 $broker 2>/dev/null; exit 0' TERM INT
        while kill -0 $PPID 2>/dev/null && kill -0 $broker 2>/dev/null; do sleep 0.2; done
        kill -9 $broker 2>/dev/null
        """
    static let unavailableMessage: Comment = "Tansu broker not found (run scripts/setup.sh, or set STREAMRUN_TOOLS)"

    var bootstrapServers: String { "127.0.0.1:\(port)" }

    /// Starts the broker and waits (at most 10 s) until its port accepts connections.
    init() throws {
        guard let binary = Self.binary else { throw TransportError("tansu: binary not found") }
        port = Self.freePort()
        let url = "tcp://127.0.0.1:\(port)"
        // Through a small shell watchdog that kills the broker when this process goes away,
        // even by a crash (Tansu ignores SIGTERM; SIGKILL is fine for an in-memory broker).
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", Self.watchdog, binary, "broker", "--listener-url", url,
                             "--advertised-listener-url", url, "--storage-engine", "memory://tansu/", "--silent"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date(timeIntervalSinceNow: 10)
        while !Self.accepts(port) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw TransportError("tansu: broker on port \(port) did not start")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    deinit { stop() }

    func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped, process.isRunning else { return }
        process.terminate()  // the watchdog kills the broker and exits
        process.waitUntilExit()
    }

    /// A port the kernel just handed out (bind to 0), free again.
    static func freePort() -> Int {
        let fd = socket(AF_INET, streamSocket, 0)
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, streamSocket, 0)
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    #if canImport(Glibc)
    private static let streamSocket = Int32(SOCK_STREAM.rawValue)
    #else
    private static let streamSocket = SOCK_STREAM
    #endif

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }
}

import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A Tansu broker (in memory) on a free loopback port, stopped explicitly or in deinit.
final class TansuBroker: @unchecked Sendable {
    let port: Int
    private let process: SpawnedProcess
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
        guard let binary = Self.binary else { throw StreamrunError("tansu: binary not found") }
        port = LoopbackPort.free()
        let url = "tcp://127.0.0.1:\(port)"
        // Through a small shell watchdog that kills the broker when this process goes away,
        // even by a crash (Tansu ignores SIGTERM; SIGKILL is fine for an in-memory broker).
        process = try SpawnedProcess(
            executable: "/bin/sh",
            arguments: [
                "-c", Self.watchdog, binary, "broker", "--listener-url", url,
                "--advertised-listener-url", url, "--storage-engine", "memory://tansu/", "--silent",
            ],
            outputPath: "/dev/null")
        let deadline = Date(timeIntervalSinceNow: 10)
        while !LoopbackPort.accepts(port) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw StreamrunError("tansu: broker on port \(port) did not start")
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
        process.send(SIGTERM)  // the watchdog kills the broker and exits
        process.waitUntilExit()
    }
}

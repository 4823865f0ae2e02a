import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server (Debian's PostgreSQL 15, run as the `postgres` user) on a free
/// loopback port with trust authentication; stopped and deleted in deinit.
final class TemporaryPostgres: @unchecked Sendable {
    static let binaries = "/usr/lib/postgresql/15/bin"
    let directory: String
    let port: Int
    var dataDirectory: String { directory + "/data" }
    /// The sink's `url` parameter for this server's `postgres` database.
    var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

    struct Failure: Error, CustomStringConvertible { let description: String }

    init() throws {
        directory = NSTemporaryDirectory() + "streamrun-pg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.run("/bin/chown", ["postgres:postgres", directory], timeout: 10)
        port = LoopbackPort.free()
        try Self.runAsPostgres(["\(Self.binaries)/initdb", "-A", "trust", "-U", "postgres", "-D", dataDirectory, "--no-sync"], timeout: 60)
        try start()
    }

    deinit {
        try? stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts the server and waits (at most 30 s) until it accepts connections.
    func start() throws {
        try Self.runAsPostgres(["\(Self.binaries)/pg_ctl", "-D", dataDirectory, "-l", directory + "/server.log",
                                "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off",
                                "-w", "-t", "30", "start"], timeout: 40)
    }

    /// Stops the server (fast shutdown: open connections are closed) and waits at most 30 s.
    func stop() throws {
        try Self.runAsPostgres(["\(Self.binaries)/pg_ctl", "-D", dataDirectory, "-m", "fast", "-w", "-t", "30", "stop"], timeout: 40)
    }

    /// Runs SQL with psql and returns its unaligned, tuples-only output.
    func psql(_ sql: String) throws -> String {
        try Self.runAsPostgres(["/usr/lib/postgresql/15/bin/psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", "\(port)",
                                "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql], timeout: 30)
    }

    /// The server's process ids: the postmaster (first line of `postmaster.pid`) and its children.
    func serverProcesses() throws -> [String] {
        let pidFile = try String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8)
        guard let postmaster = pidFile.split(separator: "\n").first.map(String.init) else {
            throw Failure(description: "postmaster.pid names no process")
        }
        let children = (try? Self.run("/usr/bin/pgrep", ["-P", postmaster], timeout: 10)) ?? ""
        return [postmaster] + children.split(separator: "\n").map(String.init)
    }

    /// Sends signal `name` (STOP, CONT) to `processes`.
    static func signal(_ name: String, _ processes: [String]) throws {
        try run("/bin/kill", ["-\(name)"] + processes, timeout: 10)
    }

    @discardableResult
    static func runAsPostgres(_ arguments: [String], timeout: TimeInterval) throws -> String {
        try run("/usr/sbin/runuser", ["-u", "postgres", "--"] + arguments, timeout: timeout)
    }

    /// Runs a program (output to a file), killing it after `timeout` seconds; throws unless it exits
    /// with 0. Waits for the program alone (`SpawnedProcess`): a server it leaves running must not
    /// keep us waiting.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], timeout: TimeInterval) throws -> String {
        let output = NSTemporaryDirectory() + "pg-out-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let child = try SpawnedProcess(executable: program, arguments: arguments, environment: ProcessInfo.processInfo.environment,
                                       directory: FileManager.default.currentDirectoryPath, outputPath: output)
        let deadline = Date().addingTimeInterval(timeout)
        while child.isRunning {
            if Date() > deadline {
                child.send(SIGKILL)
                child.waitUntilExit()
                throw Failure(description: "\(program) \(arguments.joined(separator: " ")) took longer than \(timeout) s")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let text = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let status = child.waitUntilExit()
        guard status == 0 else {
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) failed (exit status \(status)): \(text)")
        }
        return text
    }
}

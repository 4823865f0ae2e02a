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
        try SpawnedProcess.output("/bin/chown", ["postgres:postgres", directory], timeout: 10)
        port = LoopbackPort.free()
        try SpawnedProcess.output("/bin/cp", ["-a", try Self.template.get(), dataDirectory], timeout: 60)
        try start()
    }

    /// A data directory made by initdb once per test process and copied for each server: initdb
    /// takes seconds of CPU, which a test spends on one of Swift concurrency's few threads (and
    /// several at once starve the other tests' tasks); a copy takes a fraction of that.
    private static let template: Result<String, any Error> = Result {
        let directory = NSTemporaryDirectory() + "streamrun-pg-template-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try SpawnedProcess.output("/bin/chown", ["postgres:postgres", directory], timeout: 10)
        try runAsPostgres(
            ["\(binaries)/initdb", "-A", "trust", "-U", "postgres", "-D", directory + "/data", "--no-sync"],
            timeout: 120)
        atexit {
            try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "streamrun-pg-template-\(getpid())")
        }
        return directory + "/data"
    }

    deinit {
        try? stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts the server and waits (at most 30 s) until it accepts connections.
    func start() throws {
        try Self.runAsPostgres(
            [
                "\(Self.binaries)/pg_ctl", "-D", dataDirectory, "-l", directory + "/server.log",
                "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off",
                "-w", "-t", "30", "start",
            ], timeout: 40)
    }

    /// Stops the server (fast shutdown: open connections are closed) and waits at most 30 s.
    func stop() throws {
        try Self.runAsPostgres(
            ["\(Self.binaries)/pg_ctl", "-D", dataDirectory, "-m", "fast", "-w", "-t", "30", "stop"], timeout: 40)
    }

    /// Runs SQL with psql and returns its unaligned, tuples-only output.
    func psql(_ sql: String) throws -> String {
        try Self.runAsPostgres(
            [
                "/usr/lib/postgresql/15/bin/psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", "\(port)",
                "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql,
            ], timeout: 30)
    }

    /// The server's process ids: the postmaster (first line of `postmaster.pid`) and its children.
    func serverProcesses() throws -> [String] {
        let pidFile = try String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8)
        guard let postmaster = pidFile.split(separator: "\n").first.map(String.init) else {
            throw Failure(description: "postmaster.pid names no process")
        }
        let children = (try? SpawnedProcess.output("/usr/bin/pgrep", ["-P", postmaster], timeout: 10)) ?? ""
        return [postmaster] + children.split(separator: "\n").map(String.init)
    }

    /// Runs a PostgreSQL tool as the `postgres` user (`SpawnedProcess.output`: it waits for the
    /// program alone, so a server it leaves running does not keep us waiting).
    @discardableResult
    static func runAsPostgres(_ arguments: [String], timeout: TimeInterval) throws -> String {
        try SpawnedProcess.output("/usr/sbin/runuser", ["-u", "postgres", "--"] + arguments, timeout: timeout)
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with posix_spawn, its output appended to a file (stderr to the same
/// file, or to one of its own). Foundation's `Process` on Linux (Swift 6.3.1) crashes now and then
/// in a test run that spawns many children: `run()` over-reads `/proc/self/fd` entries
/// (swift-corelibs-foundation PR #5472, fixed upstream), and its monitor thread has died in
/// libdispatch (`_dispatch_source_refs_finalize_unregistration`). No RunnerTests test uses
/// `Process`: every child starts through this. The long-running ones (the test servers of
/// `ServerProcess`, `SchemaRegistryProcess`, `TansuBroker`, the registry of `AvroInteropTests`) as
/// instances; the ones run to their end (the PostgreSQL tools, the CLI, describe, example-app,
/// metrics, cluster and hang tests' programs, the Python clients of `ExternalProducer`) through
/// `run`, `capture`, `output` and `signal`.
final class SpawnedProcess: @unchecked Sendable {
    // Sound: `status` is only read and written with `lock` held.
    private let lock = NSLock()
    private var status: Int32?
    let pid: pid_t

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Starts `executable` in `directory`, stdin from /dev/null, stdout appended to `outputPath`
    /// (`/dev/null` discards it) and stderr to `errorPath`, or with stdout when that is nil.
    init(
        executable: String, arguments: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: String = FileManager.default.currentDirectoryPath, outputPath: String, errorPath: String? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let errorPath {
            posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // glibc's addchdir_np and addclosefrom_np are not visible to Swift: bash changes to
        // `directory`, closes every inherited descriptor past stderr (as Process does: a listening
        // socket of the test must not live on in a server), then execs.
        let script =
            #"cd "$0" || exit 127; for fd in /proc/self/fd/*; do n=${fd##*/}; "#
            + #"if [ "$n" -gt 2 ]; then eval "exec $n<&-" 2>/dev/null; fi; done; exec "$@""#
        let command = ["/bin/bash", "-c", script, directory, executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(description: "cannot start \(executable): error \(spawned)") }
        self.pid = pid
    }

    /// Whether it has not exited yet (reaps it once it has).
    var isRunning: Bool { lock.withLock { reap(blocking: false) } == nil }

    /// Sends `signal` unless it has exited (its id may belong to another process by then).
    func send(_ signal: Int32) {
        lock.withLock { if reap(blocking: false) == nil { _ = Glibc.kill(pid, signal) } }
    }

    /// Waits until it exits; its exit status (128 + the signal if a signal ended it).
    @discardableResult
    func waitUntilExit() -> Int32 { lock.withLock { reap(blocking: true) ?? -1 } }

    /// The exit status once known; with `blocking`, waits for it.
    private func reap(blocking: Bool) -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, blocking ? 0 : WNOHANG)
        guard result == pid else { return result < 0 ? -1 : nil }
        let signal = raw & 0x7f
        status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        return status
    }

    /// Runs `program` to its end (killed past `timeout`): its exit status and its output (stdout and stderr).
    static func run(
        _ program: String, _ arguments: [String], directory: String = FileManager.default.currentDirectoryPath,
        timeout: TimeInterval = 60
    ) throws -> (status: Int32, output: String) {
        let outcome = try runToEnd(program, arguments, directory: directory, timeout: timeout, separateErrors: false)
        return (outcome.status, outcome.stdout)
    }

    /// A program run to its end: its exit status (128 + the signal if a signal ended it) and what
    /// it wrote to stdout and to stderr.
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `program` to its end (killed past `timeout`), its stdout and stderr captured apart.
    static func capture(
        _ program: String, _ arguments: [String], directory: String = FileManager.default.currentDirectoryPath,
        timeout: TimeInterval = 60
    ) throws -> Outcome {
        try runToEnd(program, arguments, directory: directory, timeout: timeout, separateErrors: true)
    }

    /// `run` and `capture`: with `separateErrors` stderr goes to `Outcome.stderr`, else with stdout.
    private static func runToEnd(
        _ program: String, _ arguments: [String], directory: String, timeout: TimeInterval, separateErrors: Bool
    ) throws -> Outcome {
        let output = NSTemporaryDirectory() + "spawned-out-\(UUID().uuidString)"
        let errors = separateErrors ? NSTemporaryDirectory() + "spawned-err-\(UUID().uuidString)" : nil
        defer { for path in [output, errors].compactMap({ $0 }) { try? FileManager.default.removeItem(atPath: path) } }
        func read(_ path: String?) -> String {
            path.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
        }
        let child = try SpawnedProcess(
            executable: program, arguments: arguments, directory: directory, outputPath: output, errorPath: errors)
        let deadline = Date().addingTimeInterval(timeout)
        while child.isRunning {
            if Date() > deadline {
                child.send(SIGKILL)
                child.waitUntilExit()
                throw Failure(
                    description: "\(program) \(arguments.joined(separator: " ")) took longer than \(timeout) s; "
                        + "its output:\n\(read(output))\(read(errors))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let status = child.waitUntilExit()
        return Outcome(status: status, stdout: read(output), stderr: read(errors))
    }

    /// The output of `program`, trimmed; throws when it exits with a status other than 0.
    @discardableResult
    static func output(_ program: String, _ arguments: [String], timeout: TimeInterval) throws -> String {
        let (status, output) = try run(program, arguments, timeout: timeout)
        let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard status == 0 else {
            throw Failure(
                description: "\(program) \(arguments.joined(separator: " ")) failed (exit status \(status)): \(text)")
        }
        return text
    }

    /// Sends the signal `name` (`STOP`, `CONT`, ...) to the processes with these ids.
    static func signal(_ name: String, _ processes: [String]) throws {
        try output("/bin/kill", ["-\(name)"] + processes, timeout: 10)
    }
}

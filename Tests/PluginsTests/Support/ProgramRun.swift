import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program run to its end with posix_spawn, its stdin given and its stdout and stderr captured
/// (through files, so no pipe can fill up). Foundation's `Process` on Linux crashes now and then in
/// a test run that spawns many children (RunnerTests' `SpawnedProcess` says more); the Avro interop
/// tests' Python runs through this instead.
struct ProgramRun {
    /// Its exit status (128 + the signal if a signal ended it).
    let status: Int32
    let stdout: [UInt8]
    let stderr: String

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Runs `program` with `input` on its stdin and waits until it exits.
    init(_ program: String, _ arguments: [String], input: [UInt8] = []) throws {
        let base = NSTemporaryDirectory() + "program-run-\(UUID().uuidString)"
        let (inputPath, outputPath, errorPath) = (base + ".in", base + ".out", base + ".err")
        defer { for path in [inputPath, outputPath, errorPath] { try? FileManager.default.removeItem(atPath: path) } }
        try Data(input).write(to: URL(fileURLWithPath: inputPath))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(description: "cannot start \(program): error \(spawned)") }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waiting for \(program): errno \(errno)") }
        }
        let signal = raw & 0x7f
        status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        stdout = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: outputPath))) ?? Data())
        stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    }
}

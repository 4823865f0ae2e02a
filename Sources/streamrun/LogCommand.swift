import ArgumentParser
import Foundation
import Runner

/// `streamrun log ...`: maintenance of an embedded log's data directory.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Maintain an embedded log's data directory.",
        subcommands: [LogCompactCommand.self])
}

/// `streamrun log compact --data-dir DIR`: compacts every compacted topic now, active segments
/// included (up to each changelog partition's newest commit marker, as the runner does), and
/// prints each partition's records and bytes before and after. Refuses (exit 1) while a runner
/// has the directory open.
struct LogCompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Compact every compacted topic of an embedded log now (it must not be open elsewhere).")

    @Option(name: .customLong("data-dir"), help: "The data directory of the embedded log.") var dataDir: String

    func run() throws {
        // `run --data-dir DIR` keeps its log in DIR/log; the log's own directory is accepted too.
        let logDirectory = FileManager.default.fileExists(atPath: dataDir + "/topics") ? dataDir : dataDir + "/log"
        guard FileManager.default.fileExists(atPath: logDirectory + "/topics") else {
            printError("streamrun log compact: no embedded log in \(dataDir) (expected \(logDirectory)/topics)")
            throw ExitCode(1)
        }
        if EmbeddedLog.isInUse(directory: logDirectory) {
            printError(
                "streamrun log compact: \(dataDir) is in use by a running streamrun (it holds \(logDirectory)/.lock); "
                    + "stop it first, or let its background cleaner compact")
            throw ExitCode(1)
        }
        let log: EmbeddedLog
        do {
            log = try EmbeddedLog(
                directory: logDirectory,
                options: EmbeddedLogOptions(
                    backgroundCleaning: false,
                    compactionBarrierKeys: CommitMarker.compactionBarrierKeys))
        } catch {
            printError("streamrun log compact: cannot open \(logDirectory): \(error)")
            throw ExitCode(1)
        }
        defer { log.close() }
        let reports = try log.compactNow(rollingActiveSegments: true)
        for report in reports { print(report.description) }
        let before = reports.reduce(Int64(0)) { $0 + $1.bytesBefore }
        let after = reports.reduce(Int64(0)) { $0 + $1.bytesAfter }
        print("compacted \(reports.count) partitions: \(before) → \(after) bytes")
    }

    private func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

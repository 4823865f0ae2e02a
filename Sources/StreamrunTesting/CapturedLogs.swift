import Logging
import TopologyDSL

/// The engine's log messages during a test, kept instead of printed (`TopologyTestDriver.logs`).
final class CapturedLogs: Sendable {
    private let lines = Locked<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }

    func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "streamrun.test-driver") { _ in CapturingHandler(logs: self) }
        logger.logLevel = level
        return logger
    }
}

private struct CapturingHandler: LogHandler {
    let logs: CapturedLogs
    var logLevel: Logger.Level = .warning
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        let task = (extra?["task"] ?? metadata["task"]).map { " [task \($0)]" } ?? ""
        logs.append("\(level)\(task): \(message)")
    }
}

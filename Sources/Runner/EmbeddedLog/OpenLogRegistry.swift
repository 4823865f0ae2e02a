import Foundation

/// The embedded logs open in this process, by real directory path: opening a directory that is
/// still open here closes the earlier instance first (a restart in one process), while the
/// directory's flock keeps other processes out.
// @unchecked Sendable: `open` (and the weak references in it) is read and written only under `lock`.
final class OpenLogRegistry: @unchecked Sendable {
    static let shared = OpenLogRegistry()

    private final class WeakLog {
        weak var log: EmbeddedLog?
        init(_ log: EmbeddedLog) { self.log = log }
    }

    private let lock = NSLock()
    private var open: [String: WeakLog] = [:]  // guarded

    /// The canonical form of an existing directory path.
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The instance that has `directory` open in this process, if any.
    func current(_ directory: String) -> EmbeddedLog? {
        lock.lock()
        defer { lock.unlock() }
        return open[directory]?.log
    }

    func register(_ log: EmbeddedLog, _ directory: String) {
        lock.lock()
        open[directory] = WeakLog(log)
        lock.unlock()
    }

    func unregister(_ log: EmbeddedLog, _ directory: String) {
        lock.lock()
        if let entry = open[directory], entry.log == nil || entry.log === log { open[directory] = nil }
        lock.unlock()
    }
}

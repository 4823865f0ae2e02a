import Foundation

/// Collects the lines a plugin logs, for tests to inspect.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var lines: [String] { lock.withLock { stored } }
    var sink: @Sendable (String) -> Void { { [self] line in lock.withLock { stored.append(line) } } }
}

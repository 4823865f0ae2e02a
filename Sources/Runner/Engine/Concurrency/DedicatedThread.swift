import Foundation

/// Runs blocking work of a start (opening a log, which scans it on disk; making a runner, which
/// creates topics and checks store types with broker calls) on a thread of its own, so that it never
/// holds one of Swift concurrency's few threads. Per-request blocking work belongs on a pool instead.
public enum DedicatedThread {
    /// Runs `body` on a new thread and returns what it returned, or throws what it threw.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}

internal import NIOPosix

/// Blocking calls: opening a log and its topics at startup (a recovery scan, broker calls), and what
/// HTTP handlers need (a store's read may go to disk in RocksDB; a sink table's lookup reads
/// PostgreSQL or SQLite, and those clients block; `/metrics` and `/metadata` ask the transport for
/// end offsets, a broker call on Kafka). They run on a pool of threads of their own, never on Swift
/// concurrency's threads or an event loop, so a database or broker that hangs holds only its own calls.
/// Like NIO's singleton pools, it lives as long as the process (its threads start on first use).
package enum BlockingWork {
    /// Threads for blocking lookups: as many may hang at once before the next one waits.
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 16)
        pool.start()
        return pool
    }()

    /// Runs `body` on the pool and returns what it returned (or throws what it threw).
    package static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}

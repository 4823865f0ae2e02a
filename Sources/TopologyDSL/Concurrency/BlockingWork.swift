internal import NIOPosix

/// Blocking calls that async code needs: a store's read (RocksDB may go to disk), a SQLite sink
/// table's lookup, `/metrics` and `/metadata` asking the transport for end offsets (a broker call on
/// Kafka). They run on a pool of threads of their own, never on Swift concurrency's threads or an
/// event loop, so a disk or broker that hangs holds only its own calls. (Not a Dispatch queue: on
/// Linux, Swift concurrency's global executor runs its jobs on Dispatch's worker threads too.) Like
/// NIO's singleton pools, it lives as long as the process (its threads start on first use).
/// Start-up work belongs on `DedicatedThread` instead.
package enum BlockingWork {
    /// As many calls may block at once before the next one waits.
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

import Plugins

extension TopologyTestDriver {
    /// When the driver commits by itself.
    public enum CommitPolicy: Sendable, Hashable {
        /// After every piped record has been processed (the default: outputs and stores reflect
        /// each input at once, with Kafka Streams' caching per commit).
        case afterEveryPipe
        /// Whenever the driver's wall clock has moved this many milliseconds since the last commit
        /// (Kafka Streams' `commit.interval.ms`; see `advanceWallClockTime`).
        case interval(ms: Int64)
        /// Only when the test calls `commit()` (and when cached keys pass `maxCachedKeys`).
        case manual
    }

    /// Where the stores keep their committed data.
    public enum StoreBackends: Sendable, Hashable {
        /// As the topology declares them: RocksDB stores on RocksDB in the driver's temporary
        /// directory, memory stores in memory (the default).
        case asDeclared
        /// Every store in memory (restored in full from its changelog whenever its task opens).
        case inMemory
    }

    /// What a simulated crash leaves of an instance's local state.
    public enum LocalStateOnCrash: Sendable, Hashable {
        /// Nothing: the instance's state directory goes with it, and every store is restored from
        /// its changelog (the default).
        case lost
        /// Its state directory survives (the process died, the disk did not): RocksDB stores resume
        /// from their last committed local state and replay their changelogs from its checkpoint.
        case kept
    }

    /// How the driver runs the topology.
    public struct Options: Sendable {
        public var commitPolicy: CommitPolicy = .afterEveryPipe
        /// The simulated instances, sharing the application's group: partition N of every topic
        /// goes to the N-th instance (modulo their count) unless `moveTask` moved its task.
        public var instances: [String] = ["instance-1"]
        public var stores: StoreBackends = .asDeclared
        public var localStateOnCrash: LocalStateOnCrash = .lost
        /// Where the wall clock starts (milliseconds since the epoch); piped records without a
        /// timestamp get the clock's time.
        public var initialWallClockTime: Int64 = 0
        /// The largest record (key, value and headers) the driver's log accepts (Kafka's default 1 MiB).
        public var maxRecordBytes: Int = 1 << 20
        /// Commit early once this many keys wait in the record caches (as the runner's `maxCachedKeys`).
        public var maxCachedKeys: Int = 100_000
        /// The most records one poll returns.
        public var pollMaxRecords: Int = 1_000
        /// Whether external sinks (SQLite, PostgreSQL, files...) are replaced by in-memory tables
        /// the test reads with `sinkRows` (the default), or run as registered.
        public var recordExternalSinks = true

        public init() {}
    }
}

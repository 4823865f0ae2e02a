import Plugins

/// How a runner runs: where its state lives and how often it commits.
public struct RunnerConfiguration: Sendable {
    /// The directory for the embedded log and the stores' RocksDB files.
    public var dataDirectory: String
    /// Commit (flush caches, changelogs, sinks, offsets) at least this often.
    public var commitIntervalMs: Int
    /// Commit early once this many keys are waiting in the record caches.
    public var maxCachedKeys: Int
    /// At most this many records per poll.
    public var pollMaxRecords: Int
    public var rocksDB: RocksDBSettings

    public init(dataDirectory: String, commitIntervalMs: Int = 100, maxCachedKeys: Int = 100_000,
                pollMaxRecords: Int = 5_000, rocksDB: RocksDBSettings = .default) {
        self.dataDirectory = dataDirectory
        self.commitIntervalMs = commitIntervalMs
        self.maxCachedKeys = maxCachedKeys
        self.pollMaxRecords = pollMaxRecords
        self.rocksDB = rocksDB
    }
}

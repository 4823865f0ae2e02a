import Foundation
public import StreamrunStores
public import TopologyDSL

/// How a runner runs: where its state lives and how often it commits.
public struct RunnerConfiguration: Sendable {
    /// The directory for the embedded log and the stores' RocksDB files.
    public var dataDirectory: String
    /// Commit (flush caches to changelogs and sinks, write stores and offsets) this often. Queries read
    /// through the caches, so this bounds output latency and replay after a crash, not query freshness.
    public var commitIntervalMs: Int
    /// Commit early once this many keys are waiting in the record caches.
    public var maxCachedKeys: Int
    /// At most this many records per poll.
    public var pollMaxRecords: Int
    public var rocksDB: RocksDBSettings
    /// This instance's name in the group (announced with its tasks).
    public var instanceId: String
    /// Where other instances reach this one's HTTP API (`http://host:port`).
    public var advertisedURL: String
    /// At-least-once outputs (the default), or one Kafka transaction per commit.
    public var processingGuarantee: ProcessingGuarantee
    /// Delete committed records of repartition topics this often (Kafka Streams'
    /// `repartition.purge.interval.ms`).
    public var repartitionPurgeIntervalMs: Int
    /// The wall clock in epoch milliseconds: wall-clock punctuations and commit times follow it.
    public var clock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    public init(
        dataDirectory: String, commitIntervalMs: Int = 1_000, maxCachedKeys: Int = 100_000,
        pollMaxRecords: Int = 5_000, rocksDB: RocksDBSettings = .default, instanceId: String = "instance-1",
        advertisedURL: String = "http://127.0.0.1:8080", processingGuarantee: ProcessingGuarantee = .atLeastOnce,
        repartitionPurgeIntervalMs: Int = 30_000
    ) {
        self.dataDirectory = dataDirectory
        self.commitIntervalMs = commitIntervalMs
        self.maxCachedKeys = maxCachedKeys
        self.pollMaxRecords = pollMaxRecords
        self.rocksDB = rocksDB
        self.instanceId = instanceId
        self.advertisedURL = advertisedURL
        self.processingGuarantee = processingGuarantee
        self.repartitionPurgeIntervalMs = repartitionPurgeIntervalMs
    }
}

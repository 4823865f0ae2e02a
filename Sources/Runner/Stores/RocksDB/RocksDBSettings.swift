/// Tuning for a `RocksDatabase`; the defaults keep memory bounded when many databases are open.
///
/// Memory per process ≈ `blockCache.capacityBytes` (shared by every database using that cache;
/// index and filter blocks are charged to it too) + for each database at most
/// `dbWriteBufferBytes` of memtables (the RocksDB C API 7.8 has no shareable
/// WriteBufferManager, so the memtable cap is per database: `db_write_buffer_size`, which
/// flushes the largest column family when the total of all its memtables reaches the limit,
/// and per column family `writeBufferBytes × maxWriteBuffers`).
public struct RocksDBSettings: Sendable {
    /// Block compression for SST files.
    public enum Compression: Sendable, Equatable {
        case none, snappy, lz4, zstd
    }

    /// The shared block cache (data, index and filter blocks).
    public var blockCache: RocksBlockCache
    /// Memtable size per column family before it is switched and flushed (default 16 MiB).
    public var writeBufferBytes: Int
    /// Memtables per column family, active plus immutable ones waiting for flush (default 2).
    public var maxWriteBuffers: Int
    /// Cap on all memtables of one database across its column families; nil means
    /// `writeBufferBytes × maxWriteBuffers`; 0 disables the cap (RocksDB's default).
    public var dbWriteBufferBytes: Int?
    /// Create the database directory if it does not exist (default true).
    public var createIfMissing: Bool
    /// SST block compression (default LZ4; Debian's librocksdb 7.8 links lz4, snappy, zstd).
    public var compression: Compression
    /// Bloom filter bits per key (default 10, about 1% false positives); 0 disables the filter.
    public var bloomBitsPerKey: Double
    /// Open SST file limit per database (default 256; -1 means unlimited).
    public var maxOpenFiles: Int
    /// Background flush and compaction jobs per database (default 2).
    public var maxBackgroundJobs: Int

    public init(
        blockCache: RocksBlockCache = .shared,
        writeBufferBytes: Int = 16 << 20,
        maxWriteBuffers: Int = 2,
        dbWriteBufferBytes: Int? = nil,
        createIfMissing: Bool = true,
        compression: Compression = .lz4,
        bloomBitsPerKey: Double = 10,
        maxOpenFiles: Int = 256,
        maxBackgroundJobs: Int = 2
    ) {
        self.blockCache = blockCache
        self.writeBufferBytes = writeBufferBytes
        self.maxWriteBuffers = maxWriteBuffers
        self.dbWriteBufferBytes = dbWriteBufferBytes
        self.createIfMissing = createIfMissing
        self.compression = compression
        self.bloomBitsPerKey = bloomBitsPerKey
        self.maxOpenFiles = maxOpenFiles
        self.maxBackgroundJobs = maxBackgroundJobs
    }

    /// The defaults, sharing `RocksBlockCache.shared`.
    public static let `default` = RocksDBSettings()

    /// The memtable cap actually applied to one database.
    public var effectiveDBWriteBufferBytes: Int {
        dbWriteBufferBytes ?? writeBufferBytes * maxWriteBuffers
    }
}

internal import CRocksDB

/// An LRU block cache that any number of `RocksDatabase`s can share, so one byte budget bounds
/// the data, index and filter blocks of all of them.
// @unchecked Sendable: immutable; RocksDB's block cache is internally synchronized, so any thread may use or resize it.
public final class RocksBlockCache: @unchecked Sendable {
    /// The process-wide cache that `RocksDBSettings.default` uses (64 MiB).
    public static let shared = RocksBlockCache(capacityBytes: 64 << 20)

    let cache: OpaquePointer

    /// Creates an LRU cache of `capacityBytes`. The limit is not strict: a read that needs a block
    /// never fails because the cache is full (usage can briefly exceed capacity by pinned blocks).
    public init(capacityBytes: Int) {
        precondition(capacityBytes >= 0, "cache capacity must not be negative")
        cache = rocksdb_cache_create_lru(capacityBytes)
    }

    deinit {
        // Databases configured with this cache hold their own reference to the C++ cache, so
        // this only drops the wrapper's reference.
        rocksdb_cache_destroy(cache)
    }

    /// The configured capacity in bytes.
    public var capacityBytes: Int {
        get { rocksdb_cache_get_capacity(cache) }
        set { rocksdb_cache_set_capacity(cache, newValue) }
    }

    /// Bytes currently held by cached blocks.
    public var usageBytes: Int { rocksdb_cache_get_usage(cache) }

    /// Bytes held by blocks currently pinned (in use by readers or iterators).
    public var pinnedUsageBytes: Int { rocksdb_cache_get_pinned_usage(cache) }
}

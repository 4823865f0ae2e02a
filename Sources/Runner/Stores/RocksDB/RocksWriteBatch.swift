internal import CRocksDB

/// An atomic group of puts and deletes across the column families of one database, applied with
/// `RocksDatabase.write(_:sync:)`. Not thread-safe: build it on one thread at a time.
public final class RocksWriteBatch {
    let batch: OpaquePointer
    /// The database the batch's column families belong to (set by the first put or delete).
    private(set) var lifetime: RocksLifetime?

    public init() {
        batch = rocksdb_writebatch_create()
    }

    deinit {
        rocksdb_writebatch_destroy(batch)
    }

    /// Number of operations in the batch.
    public var count: Int { Int(rocksdb_writebatch_count(batch)) }

    /// Bytes the batch's representation takes (keys, values and headers).
    public var byteSize: Int {
        var size = 0
        _ = rocksdb_writebatch_data(batch, &size)
        return size
    }

    /// Removes every operation; the batch can then be used for any database.
    public func clear() {
        rocksdb_writebatch_clear(batch)
        lifetime = nil
    }

    /// Adds `key → value` in `cf` (bytes are copied).
    public func put(_ cf: RocksColumnFamily, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        try bind(cf)
        try cf.lifetime.withOpen {
            rocksdb_writebatch_put_cf(batch, cf.handle, key.rocksChars, key.count, value.rocksChars, value.count)
        }
    }

    /// Adds `key → value` in `cf`.
    public func put(_ cf: RocksColumnFamily, key: [UInt8], value: [UInt8]) throws {
        try key.withUnsafeBytes { k in
            try value.withUnsafeBytes { v in try put(cf, key: k, value: v) }
        }
    }

    /// Adds a deletion of `key` in `cf`.
    public func delete(_ cf: RocksColumnFamily, key: UnsafeRawBufferPointer) throws {
        try bind(cf)
        try cf.lifetime.withOpen {
            rocksdb_writebatch_delete_cf(batch, cf.handle, key.rocksChars, key.count)
        }
    }

    /// Adds a deletion of `key` in `cf`.
    public func delete(_ cf: RocksColumnFamily, key: [UInt8]) throws {
        try key.withUnsafeBytes { try delete(cf, key: $0) }
    }

    @inline(__always)
    private func bind(_ cf: RocksColumnFamily) throws(RocksDBError) {
        if let lifetime {
            try cf.check(belongsTo: lifetime)
        } else {
            lifetime = cf.lifetime
        }
    }
}

internal import CRocksDB

extension RocksDatabase {
    /// Applies every operation of `batch` atomically. With `sync` the write-ahead log is fsynced
    /// before returning (survives a machine crash, not just a process crash). The batch is left
    /// as it was; `clear()` it to reuse it.
    public func write(_ batch: RocksWriteBatch, sync: Bool = false) throws {
        if let owner = batch.lifetime, owner !== lifetime {
            throw RocksDBError(.invalidArgument, "write batch was built for \(owner.path), not \(path)")
        }
        let options = sync ? syncWriteOptions : asyncWriteOptions
        try lifetime.withOpen {
            try rocksCall { rocksdb_write(db, options.options, batch.batch, $0) }
        }
    }

    /// Deletes every key of `cf` in one atomic write.
    public func deleteAll(_ cf: RocksColumnFamily) throws {
        var keys: [[UInt8]] = []
        try forEach(cf) { key, _ in
            keys.append(Array(key))
            return true
        }
        let wipe = RocksWriteBatch()
        for key in keys { try wipe.delete(cf, key: key) }
        try write(wipe)
    }

    /// Stores `key → value` in `cf` as a single write (prefer batches for many writes).
    public func put(
        _ cf: RocksColumnFamily, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer,
        sync: Bool = false
    ) throws {
        try cf.check(belongsTo: lifetime)
        let options = sync ? syncWriteOptions : asyncWriteOptions
        try lifetime.withOpen {
            try rocksCall {
                rocksdb_put_cf(
                    db, options.options, cf.handle, key.rocksChars, key.count, value.rocksChars, value.count, $0)
            }
        }
    }

    /// Stores `key → value` in `cf` as a single write.
    public func put(_ cf: RocksColumnFamily, key: [UInt8], value: [UInt8], sync: Bool = false) throws {
        try key.withUnsafeBytes { k in
            try value.withUnsafeBytes { v in try put(cf, key: k, value: v, sync: sync) }
        }
    }

    /// Deletes `key` from `cf` as a single write.
    public func delete(_ cf: RocksColumnFamily, key: UnsafeRawBufferPointer, sync: Bool = false) throws {
        try cf.check(belongsTo: lifetime)
        let options = sync ? syncWriteOptions : asyncWriteOptions
        try lifetime.withOpen {
            try rocksCall { rocksdb_delete_cf(db, options.options, cf.handle, key.rocksChars, key.count, $0) }
        }
    }

    /// Deletes `key` from `cf` as a single write.
    public func delete(_ cf: RocksColumnFamily, key: [UInt8], sync: Bool = false) throws {
        try key.withUnsafeBytes { try delete(cf, key: $0, sync: sync) }
    }
}

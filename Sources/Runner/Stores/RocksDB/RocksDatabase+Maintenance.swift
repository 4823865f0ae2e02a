internal import CRocksDB

extension RocksDatabase {
    /// RocksDB's estimate of the number of keys in `cf` ("rocksdb.estimate-num-keys"); 0 if the
    /// database is closed or the column family is not this database's. Counts overwritten and
    /// deleted keys approximately until compaction.
    public func approximateCount(_ cf: RocksColumnFamily) -> Int {
        guard cf.lifetime === lifetime else { return 0 }
        return lifetime.ifOpen {
            var value: UInt64 = 0
            let status = rocksdb_property_int_cf(db, cf.handle, "rocksdb.estimate-num-keys", &value)
            return status == 0 ? Int(clamping: value) : 0
        } ?? 0
    }

    /// The value of RocksDB property `name` (e.g. "rocksdb.stats", "rocksdb.cur-size-all-mem-tables")
    /// for `cf`, or for the database's default column family when `cf` is nil; nil if unknown or
    /// closed.
    public func property(_ name: String, cf: RocksColumnFamily? = nil) -> String? {
        let family = cf ?? defaultColumnFamily
        guard family.lifetime === lifetime else { return nil }
        return lifetime.ifOpen { () -> String? in
            guard let value = rocksdb_property_value_cf(db, family.handle, name) else { return nil }
            defer { rocksdb_free(value) }
            return String(cString: value)
        } ?? nil
    }

    /// Writes the memtables of every column family (or only `cf`) to SST files and waits.
    public func flush(_ cf: RocksColumnFamily? = nil) throws {
        if let cf { try cf.check(belongsTo: lifetime) }
        let options = RocksFlushOptions()
        try lifetime.withOpen {
            for family in cf.map({ [$0] }) ?? columnFamilies {
                try rocksCall { rocksdb_flush_cf(db, options.options, family.handle, $0) }
            }
        }
    }
}

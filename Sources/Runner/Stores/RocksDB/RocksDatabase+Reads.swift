internal import CRocksDB

extension RocksDatabase {
    /// Calls `body` with the value stored under `key` in `cf` (nil if absent) without copying it:
    /// RocksDB pins the bytes (`rocksdb_get_pinned_cf`) until `body` returns. The buffer must not
    /// escape `body`.
    public func withValue<R>(
        _ cf: RocksColumnFamily, key: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer?) throws -> R
    ) throws -> R {
        try cf.check(belongsTo: lifetime)
        return try lifetime.withOpen {
            let slice = try rocksCall {
                rocksdb_get_pinned_cf(db, readOptions.options, cf.handle, key.rocksChars, key.count, $0)
            }
            guard let slice else { return try body(nil) }
            defer { rocksdb_pinnableslice_destroy(slice) }
            var length = 0
            let bytes = rocksdb_pinnableslice_value(slice, &length)
            return try body(UnsafeRawBufferPointer(rocksChars: bytes, count: length))
        }
    }

    /// `withValue` with an array key.
    public func withValue<R>(
        _ cf: RocksColumnFamily, key: [UInt8],
        _ body: (UnsafeRawBufferPointer?) throws -> R
    ) throws -> R {
        try key.withUnsafeBytes { try withValue(cf, key: $0, body) }
    }

    /// A copy of the value stored under `key` in `cf`, or nil if absent.
    public func get(_ cf: RocksColumnFamily, key: UnsafeRawBufferPointer) throws -> [UInt8]? {
        try withValue(cf, key: key) { value in value.map { [UInt8]($0) } }
    }

    /// A copy of the value stored under `key` in `cf`, or nil if absent.
    public func get(_ cf: RocksColumnFamily, key: [UInt8]) throws -> [UInt8]? {
        try key.withUnsafeBytes { try get(cf, key: $0) }
    }
}

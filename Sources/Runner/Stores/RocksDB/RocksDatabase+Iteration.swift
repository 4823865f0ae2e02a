internal import CRocksDB

extension RocksDatabase {
    /// Visits the entries of `cf` in ascending byte order of key, starting at the first key
    /// `>= start` (or the first key) and stopping before the first key `>= end` (if given) or when
    /// `body` returns false. The buffers are valid only during each `body` call. The iterator sees
    /// a consistent view of the data as of the call (no explicit snapshot is taken).
    public func forEach(
        _ cf: RocksColumnFamily, from start: [UInt8]? = nil, to end: [UInt8]? = nil,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try cf.check(belongsTo: lifetime)
        try lifetime.withOpen {
            if let end {
                // The upper bound slice must outlive the iterator, hence the per-call read options.
                try end.withUnsafeBytes { bound in
                    let options = rocksdb_readoptions_create()!
                    defer { rocksdb_readoptions_destroy(options) }
                    rocksdb_readoptions_set_iterate_upper_bound(options, bound.rocksChars, bound.count)
                    try iterate(cf, options: options, from: start, body)
                }
            } else {
                try iterate(cf, options: readOptions.options, from: start, body)
            }
        }
    }

    private func iterate(
        _ cf: RocksColumnFamily, options: OpaquePointer, from start: [UInt8]?,
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        // Scoped: the iterator never escapes this call and is destroyed before close can run.
        let iterator = rocksdb_create_iterator_cf(db, options, cf.handle)!
        defer { rocksdb_iter_destroy(iterator) }
        if let start {
            start.withUnsafeBytes { rocksdb_iter_seek(iterator, $0.rocksChars, $0.count) }
        } else {
            rocksdb_iter_seek_to_first(iterator)
        }
        while rocksdb_iter_valid(iterator) != 0 {
            var keyLength = 0
            var valueLength = 0
            let key = rocksdb_iter_key(iterator, &keyLength)
            let value = rocksdb_iter_value(iterator, &valueLength)
            let more = try body(
                UnsafeRawBufferPointer(rocksChars: key, count: keyLength),
                UnsafeRawBufferPointer(rocksChars: value, count: valueLength))
            if !more { return }
            rocksdb_iter_next(iterator)
        }
        try rocksCall { rocksdb_iter_get_error(iterator, $0) }
    }
}

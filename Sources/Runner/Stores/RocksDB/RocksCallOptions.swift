internal import CRocksDB

/// Owns a `rocksdb_readoptions_t` (defaults: no snapshot, verify checksums, fill cache).
/// Read-only after creation, so many threads may pass it to RocksDB at once.
// @unchecked Sendable: `options` is never changed after init, so RocksDB calls on many threads may share it.
final class RocksReadOptions: @unchecked Sendable {
    let options: OpaquePointer

    init() {
        options = rocksdb_readoptions_create()
    }

    deinit {
        rocksdb_readoptions_destroy(options)
    }
}

/// Owns a `rocksdb_writeoptions_t`; `sync` fsyncs the WAL before a write returns.
// @unchecked Sendable: `options` is set in init and never changed, so RocksDB calls on many threads may share it.
final class RocksWriteOptions: @unchecked Sendable {
    let options: OpaquePointer

    init(sync: Bool) {
        options = rocksdb_writeoptions_create()
        rocksdb_writeoptions_set_sync(options, sync ? 1 : 0)
    }

    deinit {
        rocksdb_writeoptions_destroy(options)
    }
}

/// Owns a `rocksdb_flushoptions_t` that waits for the flush to finish.
final class RocksFlushOptions {
    let options: OpaquePointer

    init() {
        options = rocksdb_flushoptions_create()
        rocksdb_flushoptions_set_wait(options, 1)
    }

    deinit {
        rocksdb_flushoptions_destroy(options)
    }
}

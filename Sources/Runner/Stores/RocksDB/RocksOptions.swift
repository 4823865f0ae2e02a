internal import CRocksDB

/// Owns a `rocksdb_options_t` (DB and column family options) built from `RocksDBSettings`.
final class RocksOptions {
    let options: OpaquePointer

    init(_ settings: RocksDBSettings) {
        options = rocksdb_options_create()
        rocksdb_options_set_create_if_missing(options, settings.createIfMissing ? 1 : 0)
        rocksdb_options_set_create_missing_column_families(options, 1)
        rocksdb_options_set_write_buffer_size(options, settings.writeBufferBytes)
        rocksdb_options_set_max_write_buffer_number(options, Int32(settings.maxWriteBuffers))
        rocksdb_options_set_db_write_buffer_size(options, settings.effectiveDBWriteBufferBytes)
        rocksdb_options_set_max_open_files(options, Int32(settings.maxOpenFiles))
        rocksdb_options_set_max_background_jobs(options, Int32(settings.maxBackgroundJobs))
        rocksdb_options_set_compression(options, settings.compression.cValue)

        let table = RocksTableOptions(settings)
        // Copies the table options into a new table factory (the cache is shared by reference).
        rocksdb_options_set_block_based_table_factory(options, table.options)
    }

    /// Options for operations on a database that must not be created (destroy, list).
    convenience init() {
        self.init(RocksDBSettings(createIfMissing: false))
    }

    deinit {
        rocksdb_options_destroy(options)
    }
}

/// Owns a `rocksdb_block_based_table_options_t`: shared block cache, bloom filter, index and
/// filter blocks charged to the cache.
final class RocksTableOptions {
    let options: OpaquePointer

    init(_ settings: RocksDBSettings) {
        options = rocksdb_block_based_options_create()
        rocksdb_block_based_options_set_block_cache(options, settings.blockCache.cache)
        rocksdb_block_based_options_set_cache_index_and_filter_blocks(options, 1)
        rocksdb_block_based_options_set_cache_index_and_filter_blocks_with_high_priority(options, 1)
        rocksdb_block_based_options_set_pin_l0_filter_and_index_blocks_in_cache(options, 1)
        rocksdb_block_based_options_set_format_version(options, 5)
        // A hash index inside each data block speeds up point lookups (the state stores' hot path).
        rocksdb_block_based_options_set_data_block_index_type(
            options, Int32(rocksdb_block_based_table_data_block_index_type_binary_search_and_hash))
        rocksdb_block_based_options_set_data_block_hash_ratio(options, 0.75)
        if settings.bloomBitsPerKey > 0 {
            // Ownership of the policy passes to the table options: never destroy it ourselves.
            let bloom = rocksdb_filterpolicy_create_bloom_full(settings.bloomBitsPerKey)
            rocksdb_block_based_options_set_filter_policy(options, bloom)
        }
    }

    deinit {
        rocksdb_block_based_options_destroy(options)
    }
}

extension RocksDBSettings.Compression {
    var cValue: Int32 {
        switch self {
        case .none: Int32(rocksdb_no_compression)
        case .snappy: Int32(rocksdb_snappy_compression)
        case .lz4: Int32(rocksdb_lz4_compression)
        case .zstd: Int32(rocksdb_zstd_compression)
        }
    }
}

internal import CRocksDB

/// An open RocksDB database with named column families.
///
/// Thread safety: reads (`get`, `withValue`, `forEach`, properties) and writes may run from many
/// threads at once. `close()` waits for operations already running and makes every later call
/// throw `RocksDBError` of kind `.closed`; callers should stop using the database before closing
/// it, and must not call `close()` from inside a `withValue`/`forEach` callback (it would wait
/// for itself).
// @unchecked Sendable: immutable; `rocksdb_t*` is thread-safe for reads and writes, and `lifetime` orders `close()`
// after the calls running (see "Thread safety" above).
public final class RocksDatabase: @unchecked Sendable {
    /// The database directory.
    public let path: String
    /// The settings it was opened with.
    public let settings: RocksDBSettings
    /// Every column family, in open order ("default" first, then requested, then pre-existing).
    public let columnFamilies: [RocksColumnFamily]

    let db: OpaquePointer
    let lifetime: RocksLifetime
    let readOptions = RocksReadOptions()
    let asyncWriteOptions = RocksWriteOptions(sync: false)
    let syncWriteOptions = RocksWriteOptions(sync: true)
    private let familiesByName: [String: RocksColumnFamily]

    /// Opens (creating if missing and allowed) the database at `path` with "default", the given
    /// column families (created if missing) and any other column family already on disk.
    public init(path: String, columnFamilies: [String], options: RocksDBSettings = .default) throws {
        let cOptions = RocksOptions(options)
        // An unopenable path (missing, not a database) lists nothing; the open reports the error.
        let existing = (try? Self.listColumnFamilies(path: path, options: cOptions)) ?? []
        var names = ["default"]
        for name in columnFamilies + existing where !names.contains(name) {
            names.append(name)
        }

        let perFamilyOptions = [OpaquePointer?](repeating: cOptions.options, count: names.count)
        var handles = [OpaquePointer?](repeating: nil, count: names.count)
        let opened = try withRocksCStrings(names) { cNames in
            try rocksCall { error in
                rocksdb_open_column_families(
                    cOptions.options, path, Int32(names.count), cNames,
                    perFamilyOptions, &handles, error)
            }
        }
        guard let opened else { throw RocksDBError(.rocksdb, "rocksdb_open_column_families returned NULL for \(path)") }

        let lifetime = RocksLifetime(path: path)
        let families = zip(names, handles).map { name, handle in
            RocksColumnFamily(name: name, handle: handle!, lifetime: lifetime)
        }
        self.path = path
        self.settings = options
        self.db = opened
        self.lifetime = lifetime
        self.columnFamilies = families
        self.familiesByName = Dictionary(uniqueKeysWithValues: families.map { ($0.name, $0) })
    }

    deinit {
        close()
    }

    /// The column family named `name`, or nil if the database has none by that name.
    public func columnFamily(_ name: String) -> RocksColumnFamily? {
        familiesByName[name]
    }

    /// RocksDB's "default" column family.
    public var defaultColumnFamily: RocksColumnFamily { familiesByName["default"]! }

    /// Whether `close()` has not been called yet.
    public var isOpen: Bool { lifetime.open }

    /// Closes the database: waits for running operations, frees the column family handles and
    /// the database. Idempotent; later calls on this database or its column families throw.
    /// Unflushed memtables are not lost: they are in the write-ahead log and replayed on reopen.
    public func close() {
        lifetime.close {
            // Handles must go before rocksdb_close, or closing never completes.
            for family in columnFamilies { family.release() }
            rocksdb_close(db)
        }
    }

    /// Deletes the database at `path` (all its files). The database must not be open.
    public static func destroy(path: String) throws {
        let options = RocksOptions()
        try rocksCall { rocksdb_destroy_db(options.options, path, $0) }
    }

    /// The names of the column families stored in the database at `path`.
    public static func listColumnFamilies(path: String) throws -> [String] {
        try listColumnFamilies(path: path, options: RocksOptions())
    }

    static func listColumnFamilies(path: String, options: RocksOptions) throws -> [String] {
        try rocksCall { error in
            var count = 0
            // 7.8 returns a malloc'd (possibly empty) array even when it reports an error, so the
            // array is always freed, before the error is looked at.
            guard let list = rocksdb_list_column_families(options.options, path, &count, error) else { return [] }
            defer { rocksdb_list_column_families_destroy(list, count) }
            return (0..<count).compactMap { list[$0].map { String(cString: $0) } }
        }
    }
}

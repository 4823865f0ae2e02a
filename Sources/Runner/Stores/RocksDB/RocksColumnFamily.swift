internal import CRocksDB

/// A column family of one open `RocksDatabase` (a separate keyspace with its own memtables).
///
/// The database owns the C handle and frees it when it closes; after that, every use of this
/// object throws `RocksDBError` of kind `.closed`.
// @unchecked Sendable: immutable; RocksDB's column family handles may be used from many threads, and `lifetime`
// keeps `handle` from being used after close.
public final class RocksColumnFamily: @unchecked Sendable, CustomStringConvertible {
    /// The column family's name ("default" for RocksDB's default one).
    public let name: String
    /// RocksDB's numeric id for the column family (stable for the database's life).
    public let id: UInt32

    let lifetime: RocksLifetime
    /// Valid only while `lifetime` is open; read it inside `lifetime.withOpen`.
    let handle: OpaquePointer

    init(name: String, handle: OpaquePointer, lifetime: RocksLifetime) {
        self.name = name
        self.handle = handle
        self.lifetime = lifetime
        self.id = rocksdb_column_family_handle_get_id(handle)
    }

    /// Frees the C handle; called once by the owning database's close, before `rocksdb_close`.
    func release() {
        rocksdb_column_family_handle_destroy(handle)
    }

    public var description: String { "RocksColumnFamily(\(name), id: \(id))" }

    /// Throws unless this column family belongs to the database with `lifetime`.
    @inline(__always)
    func check(belongsTo lifetime: RocksLifetime) throws(RocksDBError) {
        guard self.lifetime === lifetime else {
            throw RocksDBError(
                .invalidArgument,
                "column family '\(name)' belongs to \(self.lifetime.path), not \(lifetime.path)")
        }
    }
}

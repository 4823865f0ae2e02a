package import TopologyDSL

/// A store backend in one column family of its task's RocksDB; staged writes go into the task's
/// write batch so all stores and the applied offsets commit atomically.
// @unchecked Sendable: the non-Sendable `batch` is used only by the staging calls, on the task's (stream) thread;
// reads go to the `rocksdb_t*`, which is thread-safe for reads and writes.
package final class RocksDBStoreBackend: StoreBackend, @unchecked Sendable {
    private let database: RocksDatabase
    private let family: RocksColumnFamily
    private let batch: RocksWriteBatch

    package init(database: RocksDatabase, family: RocksColumnFamily, batch: RocksWriteBatch) {
        self.database = database
        self.family = family
        self.batch = batch
    }

    package func withValue<R>(_ key: [UInt8], _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try database.withValue(family, key: key, body)
    }

    package func stagePut(_ key: [UInt8], _ value: [UInt8]) throws { try batch.put(family, key: key, value: value) }
    package func stageDelete(_ key: [UInt8]) throws { try batch.delete(family, key: key) }
    package func didCommit() {}
    package var approximateCount: Int { database.approximateCount(family) }

    package func forEachKey(_ body: ([UInt8]) throws -> Void) throws {
        try database.forEach(family) { key, _ in
            try body(Array(key))
            return true
        }
    }

    package func clear() throws { try database.deleteAll(family) }
}

import Foundation
import Plugins
import TopologyDSL

/// A task's local state: one RocksDB with a column family per persistent store plus the offsets of
/// the input records already applied, all committed in one atomic write batch.
final class TaskState: @unchecked Sendable {
    let database: RocksDatabase
    let batch: RocksWriteBatch
    private let meta: RocksColumnFamily
    let stores: [StateStore]
    /// True when the database did not exist before: its stores must be restored from their changelogs.
    let isNew: Bool
    private static let metaFamily = "__streamrun_meta"
    private static let initializedKey = Array("initialized".utf8)

    init(directory: String, declarations: [StoreDeclaration], serdes: SerdeCache, settings: RocksDBSettings) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let batch = RocksWriteBatch()
        self.batch = batch
        let families = declarations.filter { $0.kind == .rocksdb }.map(\.name) + [Self.metaFamily]
        database = try RocksDatabase(path: directory, columnFamilies: families, options: settings)
        guard let meta = database.columnFamily(Self.metaFamily) else { throw TransportError("missing meta column family") }
        self.meta = meta
        let isNew = try database.get(meta, key: Self.initializedKey) == nil
        self.isNew = isNew
        var stores: [StateStore] = []
        for declaration in declarations {
            let backend: StoreBackend
            if declaration.kind == .rocksdb, let family = database.columnFamily(declaration.name) {
                backend = RocksDBStoreBackend(database: database, family: family, batch: batch)
            } else {
                backend = InMemoryStoreBackend()
            }
            stores.append(StateStore(declaration: declaration, keySerde: serdes.serde(declaration.keyType),
                                     valueSerde: serdes.serde(declaration.valueType), backend: backend))
        }
        self.stores = stores
    }

    private static func offsetKey(_ partition: TopicPartition) -> [UInt8] {
        Array("offset/\(partition.topic)/\(partition.partition)".utf8)
    }

    /// The next input offset to apply for `partition`, if the state has seen that partition.
    func appliedOffset(_ partition: TopicPartition) throws -> Int64? {
        guard let bytes = try database.get(meta, key: Self.offsetKey(partition)), bytes.count == 8 else { return nil }
        return bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    /// Writes the staged store changes together with the applied input offsets, atomically.
    func commit(offsets: [TopicPartition: Int64]) throws {
        for (partition, offset) in offsets {
            let bytes = (0..<8).map { UInt8(truncatingIfNeeded: offset >> (56 - 8 * $0)) }
            try batch.put(meta, key: Self.offsetKey(partition), value: bytes)
        }
        try batch.put(meta, key: Self.initializedKey, value: [1])
        try database.write(batch)
        batch.clear()
        for store in stores {
            store.backend.didCommit()
            store.didCommit()
        }
    }

    func close() {
        database.close()
    }
}

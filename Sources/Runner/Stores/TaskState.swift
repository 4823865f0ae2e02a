import Foundation
import Plugins
import TopologyDSL

/// A task's local state: one RocksDB with a column family per persistent store plus its metadata
/// (the input offsets already applied, each changelog's checkpoint and the last commit's sequence
/// number), all committed in one atomic write batch.
final class TaskState: @unchecked Sendable {
    let database: RocksDatabase
    let batch: RocksWriteBatch
    private let meta: RocksColumnFamily
    let stores: [StateStore]
    private static let metaFamily = "__streamrun_meta"
    private static let sequenceKey = Array("sequence".utf8)

    init(directory: String, declarations: [StoreDeclaration], serdes: SerdeCache, settings: RocksDBSettings) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let batch = RocksWriteBatch()
        self.batch = batch
        let families = declarations.filter { $0.kind == .rocksdb }.map(\.name) + [Self.metaFamily]
        database = try RocksDatabase(path: directory, columnFamilies: families, options: settings)
        guard let meta = database.columnFamily(Self.metaFamily) else { throw TransportError("missing meta column family") }
        self.meta = meta
        var stores: [StateStore] = []
        for declaration in declarations {
            let backend: StoreBackend
            if declaration.kind == .rocksdb, let family = database.columnFamily(declaration.name) {
                backend = RocksDBStoreBackend(database: database, family: family, batch: batch)
            } else {
                backend = InMemoryStoreBackend()
            }
            let valueSerde = serdes.serdes(topic: declaration.changelogTopic)?.value ?? serdes.serde(declaration.valueType)
            stores.append(StateStore(declaration: declaration, valueSerde: valueSerde, backend: backend))
        }
        self.stores = stores
    }

    private static func offsetKey(_ partition: TopicPartition) -> [UInt8] {
        Array("offset/\(partition.topic)/\(partition.partition)".utf8)
    }

    private static func checkpointKey(_ store: String) -> [UInt8] { Array("checkpoint/\(store)".utf8) }

    private func int64(_ key: [UInt8]) throws -> Int64? {
        guard let bytes = try database.get(meta, key: key), bytes.count == 8 else { return nil }
        return bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    private func stage(_ key: [UInt8], _ value: Int64) throws {
        var bytes: [UInt8] = []
        CommitMarker.append(value, to: &bytes)
        try batch.put(meta, key: key, value: bytes)
    }

    /// The next input offset to apply for `partition`, if the state has seen that partition.
    func appliedOffset(_ partition: TopicPartition) throws -> Int64? { try int64(Self.offsetKey(partition)) }

    /// The changelog offset up to which `store` is restored; 0 for a store that keeps nothing locally.
    func checkpoint(of store: StateStore) throws -> Int64 {
        store.declaration.kind == .memory ? 0 : try int64(Self.checkpointKey(store.name)) ?? 0
    }

    /// The sequence number of the last commit reflected in the state (0 before the first).
    func sequence() throws -> Int64 { try int64(Self.sequenceKey) ?? 0 }

    /// Writes the staged store changes together with the applied input offsets, the changelog
    /// checkpoints and the commit sequence, atomically.
    func commit(offsets: [TopicPartition: Int64], checkpoints: [String: Int64] = [:], sequence: Int64? = nil) throws {
        for (partition, offset) in offsets { try stage(Self.offsetKey(partition), offset) }
        for (store, offset) in checkpoints { try stage(Self.checkpointKey(store), offset) }
        if let sequence { try stage(Self.sequenceKey, sequence) }
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

import Foundation
import StreamrunStores
import TopologyDSL

/// A task's local state: one RocksDB with a column family per persistent store plus its metadata
/// (the input offsets already applied, what has been applied of each source of a repartition input,
/// each changelog's checkpoint, the last commit's sequence number and its writer's epoch), all committed in one atomic
/// write batch.
// @unchecked Sendable: all `let`; the non-Sendable `batch` is staged and written only on the stream thread, while
// other threads only read `stores` and the thread-safe RocksDB.
final class TaskState: @unchecked Sendable {
    let database: RocksDatabase
    let batch: RocksWriteBatch
    private let meta: RocksColumnFamily
    let stores: [StateStore]
    static let metaFamily = "__streamrun_meta"
    private static let sequenceKey = Array("sequence".utf8)
    private static let epochKey = Array("epoch".utf8)
    private static let streamTimeKey = Array("stream-time".utf8)
    /// How store values are laid out locally: 2 since values carry their timestamp
    /// (`TimestampedValue`); absent in state written before.
    private static let formatKey = Array("store-format".utf8)
    static let format: Int64 = 2
    /// Whether the local state was written in an older format and was dropped, to be rebuilt from
    /// the changelogs (which hold the same data in every format).
    let rebuiltForFormat: Bool

    init(
        directory: String, task: TaskId, declarations: [StoreDeclaration], serdes: SerdeCache,
        plugins: PluginRegistry = PluginRegistry(), settings: RocksDBSettings, maxRecordBytes: Int
    ) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let batch = RocksWriteBatch()
        self.batch = batch
        let families = declarations.filter { $0.kind == .rocksdb }.map(\.name) + [Self.metaFamily]
        database = try RocksDatabase(path: directory, columnFamilies: families, options: settings)
        guard let meta = database.columnFamily(Self.metaFamily) else {
            throw StreamrunError("missing meta column family")
        }
        self.meta = meta
        rebuiltForFormat = try Self.adoptFormat(database, meta: meta, families: families)
        // A store written with other types is never read with the wrong serde (see StoreSchema).
        let changed = try StoreSchema.reconcileLocal(declarations, database: database, meta: meta)
        if !changed.isEmpty {
            database.close()
            throw StreamrunError.storeTypesChanged(
                changed.map { ($0.store, $0.recorded, $0.current, directory) }, application: nil)
        }
        var stores: [StateStore] = []
        for declaration in declarations {
            let backend = try Self.backend(of: declaration, task: task, database: database, batch: batch, plugins)
            let valueSerde =
                serdes.serdes(topic: declaration.changelogTopic)?.value ?? serdes.serde(declaration.valueType)
            stores.append(
                StateStore(
                    declaration: declaration, valueSerde: valueSerde, backend: backend,
                    maxRecordBytes: maxRecordBytes))
        }
        self.stores = stores
    }

    /// The backend of `declaration`: a column family of the task's RocksDB, a dictionary, or a
    /// plugin's, which is cleared (it is restored from the whole changelog).
    private static func backend(
        of declaration: StoreDeclaration, task: TaskId, database: RocksDatabase, batch: RocksWriteBatch,
        _ plugins: PluginRegistry
    ) throws -> any StoreBackend {
        if declaration.kind == .rocksdb, let family = database.columnFamily(declaration.name) {
            return RocksDBStoreBackend(database: database, family: family, batch: batch)
        }
        if declaration.kind == .memory { return InMemoryStoreBackend() }
        guard let plugin = plugins.storeBackends[declaration.kind.name] else {
            throw unknownKind(declaration, plugins)
        }
        let backend = try plugin.makeBackend(store: declaration, task: "\(task)")
        try backend.clear()
        return backend
    }

    /// Checks, before any task opens, that every store of `graph` has a backend.
    static func checkBackends(_ graph: TopologyGraph, plugins: PluginRegistry) throws {
        let kinds = plugins.storeKinds
        if let store = graph.stores.first(where: { !kinds.contains($0.kind) }) { throw unknownKind(store, plugins) }
    }

    private static func unknownKind(_ store: StoreDeclaration, _ plugins: PluginRegistry) -> StreamrunError {
        StreamrunError(
            "store '\(store.name)' has store-type '\(store.kind)', which no plugin provides; known: "
                + plugins.storeKinds.map(\.name).joined(separator: ", "))
    }

    /// Records the current format in a new state; drops a state of an older format (every store
    /// and the metadata, as if the state directory were new), returning whether it did.
    private static func adoptFormat(_ database: RocksDatabase, meta: RocksColumnFamily, families: [String]) throws
        -> Bool
    {
        let recorded = try database.get(meta, key: formatKey)
        guard int64(recorded) != format else { return false }
        let existing = families.compactMap { database.columnFamily($0) }
        let holdsData = try existing.contains { try database.holdsKeys($0) }
        if holdsData {
            for family in existing { try database.deleteAll(family) }
        }
        try recordFormat(database, meta: meta)
        return holdsData
    }

    private static func recordFormat(_ database: RocksDatabase, meta: RocksColumnFamily) throws {
        var bytes: [UInt8] = []
        BigEndian.append(format, to: &bytes)
        try database.put(meta, key: formatKey, value: bytes, sync: true)
    }

    private static let offsetPrefix = Array("offset/".utf8)

    private static func offsetKey(_ partition: TopicPartition) -> [UInt8] {
        offsetPrefix + Array("\(partition.topic)/\(partition.partition)".utf8)
    }

    private static func checkpointKey(_ store: String) -> [UInt8] { Array("checkpoint/\(store)".utf8) }

    private static let originPrefix = Array("origin/".utf8)

    /// `origin/<topic>\0<partition>\0<source bytes>`.
    private static func originKey(_ key: OriginKey) -> [UInt8] {
        originPrefix + RecordOrigin.source(of: key.input) + [0] + key.source
    }

    private func int64(_ key: [UInt8]) throws -> Int64? { Self.int64(try database.get(meta, key: key)) }

    /// A metadata value as the integer `stage` wrote (nil if absent or not 8 bytes).
    private static func int64(_ bytes: [UInt8]?) -> Int64? {
        guard let bytes, bytes.count == 8 else { return nil }
        return bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    private func stage(_ key: [UInt8], _ value: Int64) throws {
        var bytes: [UInt8] = []
        BigEndian.append(value, to: &bytes)
        try batch.put(meta, key: key, value: bytes)
    }

    /// The next input offset to apply for `partition`, if the state has seen that partition.
    func appliedOffset(_ partition: TopicPartition) throws -> Int64? { try int64(Self.offsetKey(partition)) }

    /// The changelog offset after the last commit's marker (where the next commit's records start).
    func checkpoint(of store: StateStore) throws -> Int64 { try int64(Self.checkpointKey(store.name)) ?? 0 }

    /// Where restoring `store` starts: its checkpoint, or 0 for a store that keeps nothing locally.
    func restoreStart(of store: StateStore) throws -> Int64 {
        store.declaration.kind == .rocksdb ? try checkpoint(of: store) : 0
    }

    /// The next input offset to apply for every partition the state has seen.
    func appliedOffsets() throws -> [TopicPartition: Int64] {
        let prefix = Self.offsetPrefix
        var offsets: [TopicPartition: Int64] = [:]
        try database.forEach(meta, from: prefix) { key, value in
            guard key.starts(with: prefix) else { return false }
            let name = String(decoding: key.dropFirst(prefix.count), as: UTF8.self)
            guard let slash = name.lastIndex(of: "/"), let partition = Int32(name[name.index(after: slash)...]),
                value.count == 8
            else { return true }
            offsets[TopicPartition(String(name[..<slash]), partition)] = BigEndian.int64(value, at: 0)
            return true
        }
        return offsets
    }

    /// What has been applied of each source of the repartition inputs.
    func appliedOrigins() throws -> [OriginKey: OriginPosition] {
        var origins: [OriginKey: OriginPosition] = [:]
        try database.forEach(meta, from: Self.originPrefix) { key, value in
            guard key.starts(with: Self.originPrefix) else { return false }
            let rest = Array(key.dropFirst(Self.originPrefix.count))
            let parts = rest.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let partition = Int32(String(decoding: parts[1], as: UTF8.self)),
                value.count == OriginPosition.byteCount
            else { return true }
            let input = TopicPartition(String(decoding: parts[0], as: UTF8.self), partition)
            origins[OriginKey(input: input, source: Array(parts[2]))] = OriginPosition(value)
            return true
        }
        return origins
    }

    /// The sequence number of the last commit reflected in the state (0 before the first).
    func sequence() throws -> Int64 { try int64(Self.sequenceKey) ?? 0 }

    /// The epoch of this task's writer when the state was last committed (0 before the first).
    func epoch() throws -> Int64 { try int64(Self.epochKey) ?? 0 }

    /// The task's stream time when the state was last committed (-1 before any record).
    func streamTime() throws -> Int64 { try int64(Self.streamTimeKey) ?? -1 }

    /// Forgets the applied offsets, origins, checkpoints and sequence (before rebuilding the state
    /// from changelogs that were recreated).
    func clearMetadata() throws {
        try database.deleteAll(meta)
        try Self.recordFormat(database, meta: meta)
    }

    /// Writes the staged store changes together with the applied input offsets, the changelog
    /// checkpoints and the commit sequence, atomically.
    func commit(
        offsets: [TopicPartition: Int64], origins: [OriginKey: OriginPosition] = [:],
        checkpoints: [String: Int64] = [:], sequence: Int64? = nil, epoch: Int64? = nil,
        streamTime: Int64? = nil
    ) throws {
        for (partition, offset) in offsets { try stage(Self.offsetKey(partition), offset) }
        for (key, position) in origins {
            var bytes: [UInt8] = []
            position.append(to: &bytes)
            try batch.put(meta, key: Self.originKey(key), value: bytes)
        }
        for (store, offset) in checkpoints { try stage(Self.checkpointKey(store), offset) }
        if let sequence { try stage(Self.sequenceKey, sequence) }
        if let epoch { try stage(Self.epochKey, epoch) }
        if let streamTime, streamTime >= 0 { try stage(Self.streamTimeKey, streamTime) }
        try database.write(batch)
        batch.clear()
        for store in stores {
            try store.backend.didCommit()
            store.didCommit()
        }
    }

    func close() {
        database.close()
    }
}

import StreamrunStores
import TopologyDSL

/// A task's key-value store: a record cache over a backend, as Kafka Streams' caching store. Reads
/// are served from the cache (misses, including absent keys, are cached too); updates merge per key
/// between commits, and at commit each changed key is written once to the backend and the changelog.
/// Interactive queries read the cache too, so they see updates before the next commit, but never
/// add to it: only the task's own reads fill it.
// @unchecked Sendable: the cache is a Mutex and the other fields are `let`, but for `scratch` and `stagedBytes`, used
// only by `put` and `stage` on the task's (stream) thread.
final class StateStore: @unchecked Sendable {
    /// A cached value (`.null` = absent or deleted), the timestamp of the record that wrote it, and
    /// whether it changed since the last commit.
    private struct Entry {
        var value: Value
        var timestamp: Int64
        var dirty: Bool

        var stored: TimestampedValue? { value.isNull ? nil : TimestampedValue(value: value, timestamp: timestamp) }
    }

    /// The cache and the keys changed since the last commit, guarded together.
    private struct Cache {
        var entries: [StoreKey: Entry] = [:]
        var dirtyKeys: [StoreKey] = []
    }

    let declaration: StoreDeclaration
    let valueSerde: any Serde
    let backend: any StoreBackend
    /// Clean entries are dropped when the cache grows past this many keys at a commit.
    let capacity: Int
    private let cache = Locked(Cache())
    /// Where `put` checks that a value serializes (task thread only).
    private var scratch: [UInt8] = []
    /// Where `stage` encodes a value with its timestamp for the backend (task thread only).
    private var stagedBytes: [UInt8] = []

    /// The largest changelog record (key plus value) the transport carries.
    let maxRecordBytes: Int

    init(
        declaration: StoreDeclaration, valueSerde: any Serde, backend: any StoreBackend,
        capacity: Int = 100_000, maxRecordBytes: Int = .max
    ) {
        self.maxRecordBytes = maxRecordBytes
        self.declaration = declaration
        self.valueSerde = valueSerde
        self.backend = backend
        self.capacity = capacity
    }

    var name: String { declaration.name }
    var dirtyCount: Int { cache.withLock { $0.dirtyKeys.count } }

    /// The current value of `key`, including updates not yet committed, without caching what it
    /// reads. Safe from any thread (interactive queries).
    func read(_ key: [UInt8]) throws -> Value? {
        if let entry = cache.withLock({ $0.entries[StoreKey(key)] }) { return entry.stored?.value }
        return try committed(key)?.value
    }

    /// The committed value of `key` in the backend, with its timestamp (the backend keeps them as
    /// `TimestampedValue` encodes them).
    func committed(_ key: [UInt8]) throws -> TimestampedValue? {
        try backend.withValue(key) { bytes in try bytes.map { try TimestampedValue.decode($0, serde: valueSerde) } }
    }

    /// Stages `value` (serialized; nil deletes) for `key` in the backend, as of `timestamp` (task
    /// thread only; restores and commits).
    func stage(_ key: [UInt8], _ value: [UInt8]?, timestamp: Int64) throws {
        guard let value else { return try backend.stageDelete(key) }
        TimestampedValue.encode(value, timestamp: timestamp, into: &stagedBytes)
        try backend.stagePut(key, stagedBytes)
    }

    /// The current value of `key`, including updates not yet committed, cached (task thread only).
    func get(_ key: [UInt8]) throws -> Value? { try getWithTimestamp(key)?.value }

    /// `get` with the timestamp of the record that wrote the value.
    func getWithTimestamp(_ key: [UInt8]) throws -> TimestampedValue? {
        let storeKey = StoreKey(key)
        if let entry = cache.withLock({ $0.entries[storeKey] }) { return entry.stored }
        let stored = try committed(key)
        cache.withLock { cache in
            if cache.entries[storeKey] == nil {
                cache.entries[storeKey] = Entry(
                    value: stored?.value ?? .null, timestamp: stored?.timestamp ?? -1, dirty: false)
            }
        }
        return stored
    }

    /// Sets (or, with nil, deletes) `key` as of `timestamp`, the time of the record or result that
    /// wrote it (task thread only). A value the store's serde cannot write (a sum past int32) or the
    /// transport cannot carry, and the reserved marker key, are refused here, where the record that
    /// caused them is known, so the store keeps its last valid value and a commit never fails on them.
    func put(_ key: [UInt8], _ value: Value?, timestamp: Int64) throws {
        if CommitMarker.isReserved(key) {
            throw SerdeError("the key is reserved for streamrun's commit markers in store '\(name)'")
        }
        if let value {
            scratch.removeAll(keepingCapacity: true)
            do { try valueSerde.serialize(value, into: &scratch) } catch {
                throw SerdeError("store '\(name)' cannot hold \(ValueText.describe(value)): \(error.description)")
            }
            if key.count + scratch.count > maxRecordBytes {
                throw SerdeError(
                    "store '\(name)': a value of \(scratch.count) bytes with its key exceeds the transport's "
                        + "limit of \(maxRecordBytes) bytes for changelog records")
            }
        }
        let storeKey = StoreKey(key)
        cache.withLock { cache in
            let previous = cache.entries.updateValue(
                Entry(value: value ?? .null, timestamp: timestamp, dirty: true),
                forKey: storeKey)
            if previous?.dirty != true { cache.dirtyKeys.append(storeKey) }
        }
    }

    /// Stages every changed key into the backend and hands each to `changelog` (value nil =
    /// delete) with its timestamp, which the changelog record carries.
    func flush(changelog: ([UInt8], [UInt8]?, Int64) throws -> Void) throws {
        let changed: [(StoreKey, Entry)] = cache.withLock { cache in
            let changed = cache.dirtyKeys.compactMap { key in cache.entries[key].map { (key, $0) } }
            for key in cache.dirtyKeys { cache.entries[key]?.dirty = false }
            cache.dirtyKeys.removeAll(keepingCapacity: true)
            return changed
        }
        var buffer: [UInt8] = []
        for (key, entry) in changed {
            if entry.value.isNull {
                try stage(key.bytes, nil, timestamp: entry.timestamp)
                try changelog(key.bytes, nil, entry.timestamp)
            } else {
                buffer.removeAll(keepingCapacity: true)
                try valueSerde.serialize(entry.value, into: &buffer)
                try stage(key.bytes, buffer, timestamp: entry.timestamp)
                try changelog(key.bytes, buffer, entry.timestamp)
            }
        }
    }

    /// Every key the store holds now, committed or not (task thread only; for sweeps, not per record).
    func keys() throws -> [[UInt8]] {
        var keys = Set<StoreKey>()
        try backend.forEachKey { keys.insert(StoreKey($0)) }
        cache.withLock { cache in
            for (key, entry) in cache.entries {
                if entry.value.isNull { keys.remove(key) } else { keys.insert(key) }
            }
        }
        return keys.map(\.bytes)
    }

    /// After the staged changes are written: drops clean entries if the cache outgrew its capacity.
    func didCommit() {
        cache.withLock { cache in
            if cache.entries.count > capacity && cache.dirtyKeys.isEmpty {
                cache.entries.removeAll(keepingCapacity: true)
            }
        }
    }
}

import TopologyDSL

/// A task's key-value store: a write-back cache over a backend. Updates merge per key between
/// commits; at commit each changed key is written once to the backend and once to the changelog.
final class StateStore: @unchecked Sendable {
    let declaration: StoreDeclaration
    let keySerde: any Serde
    let valueSerde: any Serde
    let backend: StoreBackend
    /// Changed keys since the last commit; `.null` is a deletion.
    private var dirty: [[UInt8]: Value] = [:]

    init(declaration: StoreDeclaration, keySerde: any Serde, valueSerde: any Serde, backend: StoreBackend) {
        self.declaration = declaration
        self.keySerde = keySerde
        self.valueSerde = valueSerde
        self.backend = backend
    }

    var name: String { declaration.name }
    var dirtyCount: Int { dirty.count }

    /// The current value of `key`, including uncommitted updates (task thread only).
    func get(_ key: [UInt8]) throws -> Value? {
        if let pending = dirty[key] { return pending.isNull ? nil : pending }
        return try backend.read(key, serde: valueSerde)
    }

    /// Sets (or, with nil, deletes) `key` (task thread only).
    func put(_ key: [UInt8], _ value: Value?) {
        dirty[key] = value ?? .null
    }

    /// The committed value of `key`; safe from any thread (interactive queries).
    func committedValue(_ key: [UInt8]) throws -> Value? {
        try backend.read(key, serde: valueSerde)
    }

    /// Stages every changed key into the backend and hands each to `changelog` (value nil = delete).
    func flush(changelog: ([UInt8], [UInt8]?) throws -> Void) throws {
        var buffer: [UInt8] = []
        for (key, value) in dirty {
            if value.isNull {
                try backend.stageDelete(key)
                try changelog(key, nil)
            } else {
                buffer.removeAll(keepingCapacity: true)
                try valueSerde.serialize(value, into: &buffer)
                try backend.stagePut(key, buffer)
                try changelog(key, buffer)
            }
        }
        dirty.removeAll(keepingCapacity: true)
    }

    /// Drops uncommitted changes (after a failed commit the task is rebuilt from committed state).
    func discardUncommitted() { dirty.removeAll() }
}

/// A record on its way out of a topology to an external system; a null value is a deletion.
public struct SinkRecord: Sendable {
    public var key: Value
    public var value: Value
    /// Milliseconds since the epoch.
    public var timestamp: Int64

    public init(key: Value, value: Value, timestamp: Int64) {
        self.key = key
        self.value = value
        self.timestamp = timestamp
    }
}

/// Writes a task's records into an external system (a file, a database table).
public protocol RecordSink: AnyObject, Sendable {
    /// Writes the records in order. Called at each commit before offsets are committed, so every
    /// record is written at least once; a sink that upserts by key is idempotent on replay.
    /// A sink retries what may heal by itself (a database that is down) before it throws.
    /// Throwing `SinkError` with code `.rejected` says which records the system refuses for good
    /// (the others must be written): the engine dead-letters them and the commit goes on. Any
    /// other error fails the commit.
    func write(_ records: [SinkRecord]) throws
    func close()
}

/// A sink a topology names with `to: { sink: NAME, with: {...} }`.
public protocol SinkPlugin: Sendable {
    var name: String { get }
    /// Checks a step's parameters when the topology is loaded (throw to report a problem).
    func check(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws
    /// The sink for one task (`task` is its id, e.g. `0_2`, for sinks that keep one file per task).
    func makeSink(parameters: [String: String], keyType: ValueType, valueType: ValueType, task: String) throws
        -> any RecordSink
}

extension SinkPlugin {
    public func check(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws {}
}

/// A plugin named in a topology, with the parameters of its `with:` map.
public struct PluginReference: Sendable, Hashable {
    public var name: String
    public var parameters: [String: String]
    public init(name: String, parameters: [String: String] = [:]) {
        self.name = name
        self.parameters = parameters
    }
}

/// Reads back what a sink wrote, by key (queries over a sink's table). Called from HTTP handlers on
/// Swift concurrency's threads: a lookup that blocks (a local file read) runs that work on threads
/// of its own (a thread pool), not on the caller's.
public protocol KeyLookup: AnyObject, Sendable {
    func value(for key: Value) async throws -> Value?
}

/// A sink whose rows can be queried by key (`queries: - get: ..., from-sink: NAME`).
public protocol KeyLookupSinkPlugin: SinkPlugin {
    func lookup(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws -> any KeyLookup
}

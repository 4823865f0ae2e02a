/// Why bytes could not be read as a value, or a value written as bytes.
public struct SerdeError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        /// The bytes or the value are wrong: trying again gives the same answer.
        case invalid
        /// Something the serde needs cannot be reached now (a schema registry that is down or
        /// answers 5xx): the same bytes may be read later. The engine waits and retries a record
        /// it cannot read for this reason instead of dead-lettering it.
        case unavailable
    }

    public let description: String
    /// The offending field, when one can be named.
    public let field: String?
    public let code: Code

    /// Whether the same bytes or value may be handled later (what the serde needs is unreachable).
    public var isRetriable: Bool {
        switch code {
        case .invalid: false
        case .unavailable: true
        }
    }
    public init(_ description: String, field: String? = nil, code: Code = .invalid) {
        self.description = description
        self.field = field
        self.code = code
    }
}

/// Reads and writes values of one type as bytes (a Kafka serializer and deserializer in one).
public protocol Serde: Sendable {
    /// Appends the bytes of `value` to `out`.
    func serialize(_ value: Value, into out: inout [UInt8]) throws(SerdeError)
    /// Reads a value from `bytes`.
    func deserialize(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) -> Value
    /// Checks that `bytes` can be read, without keeping the value (keys that no operator reads
    /// are still checked at the source, so bad bytes never reach a store).
    func validate(_ bytes: UnsafeRawBufferPointer) throws(SerdeError)
    /// Fetches what writing needs before the first value (a registry's schema id for the writer's
    /// schema), so that a service that cannot be reached delays a task's start, retried, rather
    /// than failing a record or a commit. Nothing to do for most serdes.
    func prepareToWrite() throws(SerdeError)
}

extension Serde {
    public func prepareToWrite() throws(SerdeError) {}

    public func validate(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) {
        _ = try deserialize(bytes)
    }

    /// The bytes of `value`.
    public func serialize(_ value: Value) throws(SerdeError) -> [UInt8] {
        var out: [UInt8] = []
        try serialize(value, into: &out)
        return out
    }

    /// Reads a value from an array of bytes.
    public func deserialize(_ bytes: [UInt8]) throws(SerdeError) -> Value {
        do {
            return try bytes.withUnsafeBytes { buffer in try deserialize(buffer) }
        } catch let error as SerdeError { throw error } catch { throw SerdeError("\(error)") }
    }
}

/// A named serde plugin: makes the serde for a declared type (`int32`, `json`, `avro`, ...).
public protocol SerdePlugin: Sendable {
    var name: String { get }
    func makeSerde(for type: ValueType) throws(SerdeError) -> any Serde
    /// The serde for the keys (or values) of `topic`; by default the same as for the type alone.
    /// Registry-backed formats use it to register under the topic's subject (`<topic>-key`).
    func makeSerde(for type: ValueType, topic: String, isKey: Bool) throws(SerdeError) -> any Serde
    /// Reads the type `name` from a schema file (`types: Name: { avro: file }`); nil if this
    /// plugin has no schema files.
    func loadType(named name: String, file: String) throws -> ValueType?
    /// Before the topology processes or serves anything: settles what a serde of this plugin would
    /// otherwise have to ask a remote system for on a record's path (a registry-backed format
    /// registers the schemas of `preparation.graph`'s topics and learns their ids). An error stops
    /// the start, but for one that says a registry cannot be asked now (the Avro plugin's
    /// `AvroError.Code.unreachable`): the server logs it and goes on, and the serdes ask when they need to.
    func prepare(_ preparation: SerdePreparation) async throws
}

/// What a serde plugin is given to prepare for a topology (`SerdePlugin.prepare`).
public struct SerdePreparation: Sendable {
    /// The topology about to run.
    public let graph: TopologyGraph
    /// The transport's own schema registry (its `_schemas` topic), opened on first use: where schema
    /// ids are kept when no registry is configured, so that they stay the same across restarts.
    public let localRegistry: @Sendable () async throws -> any SchemaRegistrar

    public init(graph: TopologyGraph, localRegistry: @escaping @Sendable () async throws -> any SchemaRegistrar) {
        self.graph = graph
        self.localRegistry = localRegistry
    }
}

/// A schema registry a plugin registers schemas with (register-or-lookup): the id of `schema` (its
/// JSON text) under `subject`.
public protocol SchemaRegistrar: Sendable {
    func register(schema: String, subject: String) async throws -> Int32
}

extension SerdePlugin {
    public func makeSerde(for type: ValueType, topic: String, isKey: Bool) throws(SerdeError) -> any Serde {
        try makeSerde(for: type)
    }

    public func loadType(named name: String, file: String) throws -> ValueType? { nil }

    /// Nothing to prepare: a serde that needs no remote system.
    public func prepare(_ preparation: SerdePreparation) async throws {}
}

/// A record as a custom processor sees it: decoded key and value, and its timestamp (epoch ms).
public struct ProcessorRecord: Sendable, Equatable {
    public var key: Value
    public var value: Value
    public var timestamp: Int64

    public init(key: Value, value: Value, timestamp: Int64) {
        self.key = key
        self.value = value
        self.timestamp = timestamp
    }
}

/// A key-value store a custom processor declared. What it writes is cached, changelogged,
/// committed and restored exactly like a table's store; a value that does not fit the declared
/// type is an error of the record being processed (it goes to the dead-letter topic).
public protocol KeyValueStore: AnyObject {
    /// The store's value for `key` (updates not yet committed included), nil when it has none.
    func get(_ key: Value) throws -> Value?
    func put(_ key: Value, _ value: Value) throws
    func delete(_ key: Value) throws
    /// Every key and value, in no particular order (for sweeps from a punctuation).
    func forEach(_ body: (_ key: Value, _ value: Value) throws -> Void) throws
}

/// What a custom processor gets from its task (Kafka Streams' `ProcessorContext`).
public protocol ProcessorContext: AnyObject {
    /// The task the processor runs in (`<sub-topology>_<partition>`).
    var taskId: String { get }
    /// The task's stream time: the largest record timestamp it has seen (-1 before any).
    var streamTime: Int64 { get }
    /// The wall clock, in epoch milliseconds.
    var wallClockTime: Int64 { get }
    /// A store the processor declared, by its name.
    func store(_ name: String) throws -> any KeyValueStore
    /// Sends `record` to the processor's children.
    func forward(_ record: ProcessorRecord) throws
    /// Calls `punctuate` every `intervalMs` of `type`'s time, with the time it fires at.
    @discardableResult
    func schedule(
        every intervalMs: Int64, _ type: PunctuationType,
        _ punctuate: @escaping (_ time: Int64) throws -> Void
    ) -> any Cancellable
}

/// A processor written against the Processor API: one instance per task, used by that task's
/// thread only. `process` may forward any number of records; an error it throws sends the input
/// record to the dead-letter topic with the reason, and processing goes on.
public protocol RecordProcessor: AnyObject {
    /// Called once, before the first record, after the task's stores are restored.
    func initialize(_ context: any ProcessorContext) throws
    func process(_ record: ProcessorRecord) throws
    /// Called when the task closes (its partitions were revoked, or the runner stops).
    func close()
}

extension RecordProcessor {
    public func close() {}
}

/// A store a custom processor declares: its name (unique in the topology, so queries can read
/// it), types and kind; it is logged to `<application>-<name>-changelog`.
public struct ProcessorStore: Sendable, Hashable {
    public var name: String
    public var keyType: ValueType
    public var valueType: ValueType
    public var kind: StoreKind

    public init(name: String, keyType: ValueType, valueType: ValueType, kind: StoreKind = .rocksdb) {
        self.name = name
        self.keyType = keyType
        self.valueType = valueType
        self.kind = kind
    }
}

/// What a custom processor step is, for the types downstream and the stores it needs.
public struct ProcessorDescription: Sendable {
    public var stores: [ProcessorStore]
    /// The output key type, or nil when records keep their input key type.
    public var keyType: ValueType?
    /// The output value type, or nil when it is the input's.
    public var valueType: ValueType?
    /// Whether outputs may carry a different key than their input (grouping then repartitions).
    public var changesKey: Bool
    /// Makes the processor of one task.
    public var make: @Sendable () throws -> any RecordProcessor

    public init(
        stores: [ProcessorStore] = [], keyType: ValueType? = nil, valueType: ValueType? = nil,
        changesKey: Bool = false, make: @escaping @Sendable () throws -> any RecordProcessor
    ) {
        self.stores = stores
        self.keyType = keyType
        self.valueType = valueType
        self.changesKey = changesKey
        self.make = make
    }
}

/// A custom processor a topology names in a `process:` step (`- process: { plugin: NAME, with: {...} }`).
public protocol ProcessorPlugin: Sendable {
    var name: String { get }
    /// The step, from its `with:` parameters and its input types; throws for bad parameters.
    func describe(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws -> ProcessorDescription
}

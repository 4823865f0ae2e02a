/// A record read from an external system, to be appended to a topic.
public struct SourceRecord: Sendable {
    public var key: Value
    public var value: Value
    public init(key: Value, value: Value) {
        self.key = key
        self.value = value
    }
}

/// Reads records from an external system for one topic.
public protocol RecordSource: AnyObject, Sendable {
    /// The records available now, waiting at most `timeoutMs` for the first.
    func poll(timeoutMs: Int) throws -> [SourceRecord]
    /// Called once the records returned so far are durable in the topic: remember the position.
    func commit() throws
    func close()
}

/// A source a topic declares with `source: { plugin: NAME, with: {...} }`.
public protocol SourcePlugin: Sendable {
    var name: String { get }
    func check(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws
    /// The source feeding `topic`; `stateDirectory` is where it may keep its position.
    func makeSource(
        parameters: [String: String], topic: String, keyType: ValueType, valueType: ValueType,
        stateDirectory: String
    ) throws -> any RecordSource
}

extension SourcePlugin {
    public func check(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws {}
}

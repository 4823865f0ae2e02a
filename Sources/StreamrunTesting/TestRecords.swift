public import TopologyDSL

/// A record header: a name and its bytes.
public struct TestHeader: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]
    public init(_ name: String, _ value: [UInt8]) {
        self.name = name
        self.value = value
    }
    /// The header's bytes as UTF-8 text.
    public var text: String { String(decoding: value, as: UTF8.self) }
}

/// A record of a topic, decoded with the topic's serdes (a missing key or value is `.null`).
public struct TestRecord: Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: Value
    public var value: Value
    public var timestamp: Int64
    public var headers: [TestHeader]

    public var description: String {
        "\(topic)-\(partition)@\(offset) \(ValueText.describe(key)) -> \(ValueText.describe(value))"
    }
}

/// An entry of a state store.
public struct StoreEntry: Sendable, Hashable {
    public var key: Value
    public var value: Value
    public init(key: Value, value: Value) {
        self.key = key
        self.value = value
    }
}

/// A record of the dead-letter topic (`<application>-dead-letters`): why it could not be
/// processed and where it came from, from its `streamrun.*` headers, with its key and value
/// decoded with the serdes of the topic it came from when they can be (else only the bytes are there).
public struct DeadLetterRecord: Sendable, Hashable {
    /// `streamrun.error`: why the record could not be processed.
    public var reason: String
    /// `streamrun.topic`, `streamrun.partition`, `streamrun.offset`: the input record.
    public var topic: String?
    public var partition: Int32?
    public var offset: Int64?
    /// `streamrun.sink`: the sink step that refused the row (sink dead letters only).
    public var sink: String?
    public var keyBytes: [UInt8]?
    public var valueBytes: [UInt8]?
    /// The key and value decoded (nil when they cannot be: that is often why the record is here).
    public var key: Value?
    public var value: Value?
    public var timestamp: Int64
    public var headers: [TestHeader]
}

/// What a simulated crash did.
public struct CrashReport: Sendable, Hashable {
    /// The instance that crashed.
    public var instance: String
    /// Where the commit was cut short (nil: the instance crashed between commits).
    public var step: CommitStep?
    /// Whether the commit reached `step`: false when there was nothing to commit, or the step does
    /// not exist in this commit (no task has a store, so there are no markers); the instance then
    /// crashed where the commit ended.
    public var reachedStep: Bool
}

/// Why the driver could not do what it was asked.
public struct TestDriverError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Hashable {
        /// The request cannot be done (an unknown topic, store, instance or task; a value the serdes cannot write).
        case refused
        /// A commit failed (a sink that is down): the instance was restarted from its last commit
        /// and processes the rest again, as the runner's stream thread would be replaced.
        case commitFailed
    }

    public let code: Code
    public let description: String
    public init(_ description: String, code: Code = .refused) {
        self.description = description
        self.code = code
    }
}

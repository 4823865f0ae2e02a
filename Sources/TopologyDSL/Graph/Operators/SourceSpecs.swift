/// Reads the node's topic as a stream; records get their timestamps from `timestamp` (nil: the
/// records' own).
public struct SourceSpec: OperatorSpec {
    public var kind: OperatorKind { .source }
    public let timestamp: TimestampExtractor?
    public var readsKey: Bool { timestamp?.readsKey ?? false }
    public init(timestamp: TimestampExtractor? = nil) { self.timestamp = timestamp }
}

/// Reads the node's topic as a table into the node's store: a null value deletes the key.
public struct TableSourceSpec: OperatorSpec {
    public var kind: OperatorKind { .tableSource }
    public var producesTable: Bool { true }
    public let timestamp: TimestampExtractor?
    public var readsKey: Bool { timestamp?.readsKey ?? false }
    public init(timestamp: TimestampExtractor? = nil) { self.timestamp = timestamp }
}

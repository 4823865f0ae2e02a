/// A topic with typed keys and values: its name, partition count and (through the types) serdes.
///
/// `Topic<LocationSku, Int32>("inventory_adjustment", partitions: 3)` declares what YAML writes as
/// `inventory_adjustment: { partitions: 3, key: LocationSku, value: int32 }`. Listing a topic in a
/// `Topology` body declares it there; a topic that is only used is declared where it is first used.
public struct Topic<K: StreamValue, V: StreamValue>: TopologyComponent {
    public let name: String
    public let partitions: Int
    /// The key type, with its serde (`K.streamType` unless `keySerde:` named another).
    public let keyType: ValueType
    /// The value type, with its serde (`V.streamType` unless `valueSerde:` named another).
    public let valueType: ValueType
    /// Where its records' timestamps come from (nil: the records' own).
    let timestamp: TimestampExtractor?
    let location: SourceLocation

    /// A topic named `name` with `partitions` partitions; `keySerde`/`valueSerde` name serde plugins
    /// that replace the types' own (e.g. `"avro"` for a record type). `timestamp` computes each
    /// record's timestamp (epoch milliseconds) from its value, as YAML's `timestamp: value.ts`.
    public init(
        _ name: String, partitions: Int, keySerde: String? = nil, valueSerde: String? = nil,
        timestamp: (@Sendable (V) throws -> Int64)? = nil,
        file: String = #fileID, line: Int = #line, column: Int = #column
    ) {
        self.timestamp = timestamp.map { extract in
            TimestampExtractor(readsKey: false, detail: "timestamp: closure") { _, value, _ in
                try extract(V.read(value, as: "value"))
            }
        }
        self.name = name
        self.partitions = partitions
        var keyType = K.streamType
        var valueType = V.streamType
        if let keySerde { keyType.serde = keySerde }
        if let valueSerde { valueType.serde = valueSerde }
        self.keyType = keyType
        self.valueType = valueType
        location = SourceLocation(file, line, column)
    }

    var declaration: TopicDeclaration {
        TopicDeclaration(name: name, partitions: Int32(clamping: partitions), keyType: keyType, valueType: valueType)
    }

    public func contribute(to context: TopologyContext) {
        let declaration = declaration
        let location = location
        context.onDeclare { $0.declare(declaration, at: location) }
    }
}

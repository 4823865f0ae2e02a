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
    public init(_ name: String, partitions: Int, keySerde: String? = nil, valueSerde: String? = nil,
                timestamp: (@Sendable (V) throws -> Int64)? = nil,
                file: String = #fileID, line: Int = #line, column: Int = #column) {
        self.timestamp = timestamp.map { extract in
            TimestampExtractor(readsKey: false, detail: "timestamp: closure") { _, value, _ in
                try extract(V.read(value, as: "value"))
            }
        }
        self.name = name
        self.partitions = partitions
        var keyType = K.streamType, valueType = V.streamType
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
        let declaration = declaration, location = location
        context.onDeclare { $0.declare(declaration, at: location) }
    }

    /// The topic's records as a stream (the node `<topic>-source`); its steps are named after
    /// `named`, or after the topic.
    public func stream(named name: String? = nil,
                       file: String = #fileID, line: Int = #line, column: Int = #column) -> KStream<K, V> {
        let declaration = declaration, timestamp = timestamp
        let node = DSLNode(SourceLocation(file, line, column)) { context in
            context.topicSource(declaration, timestamp: timestamp, at: SourceLocation(file, line, column))
        }
        return KStream(node: node, name: name ?? self.name, stepCount: 0)
    }

    /// The topic read as a table (the latest value per key, a null value deleting it): the node
    /// `<name>-table-source`, materialized in `store` (the table's name by default).
    public func table(named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
                      file: String = #fileID, line: Int = #line, column: Int = #column) -> KTable<K, V> {
        let declaration = declaration, storeName = store ?? name, timestamp = timestamp
        let location = SourceLocation(file, line, column)
        let node = DSLNode(location) { context in
            context.declare(declaration, at: location)
            return context.builder.table(declaration, named: name, store: storeName, kind: storeType, timestamp: timestamp,
                                         location: location)
        }
        return KTable(node: node, name: name, storeName: storeName)
    }
}

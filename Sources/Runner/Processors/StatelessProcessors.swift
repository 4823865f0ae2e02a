import TopologyDSL

/// Forwards records that pass the node's predicate (filter and branch).
final class FilterProcessor: ForwardingProcessor {
    let predicate: Predicate
    let keySerde: any Serde
    init(node: GraphNode, context: TaskContext, keySerde: any Serde) {
        predicate = node.functions.predicate ?? { _, _ in true }
        self.keySerde = keySerde
        super.init(node: node, context: context)
    }
    override func process(_ record: Record) throws {
        var record = record
        let key = node.functions.readsKey ? try decodedKey(&record, serde: keySerde) : record.key
        if try predicate(key, record.value) { try forward(record) }
    }
}

/// Replaces the value (map-values), the key (select-key, group-by), or both (map); logs (peek).
final class MappingProcessor: ForwardingProcessor {
    let keySerde: any Serde
    init(node: GraphNode, context: TaskContext, keySerde: any Serde) {
        self.keySerde = keySerde
        super.init(node: node, context: context)
    }
    override func process(_ record: Record) throws {
        var record = record
        let key = node.functions.readsKey ? try decodedKey(&record, serde: keySerde) : record.key
        let functions = node.functions
        switch node.kind {
        case .mapValues:
            record.value = try functions.mapper?(key, record.value) ?? record.value
        case .selectKey, .groupBy:
            record.key = try functions.mapper?(key, record.value) ?? key
            record.keyBytes = nil
        case .map:
            if let mapped = try functions.keyValueMapper?(key, record.value) {
                record.key = mapped.key
                record.value = mapped.value
                record.keyBytes = nil
            }
        case .peek:
            if let line = try functions.mapper?(key, record.value) {
                context.logger.info("peek \(node.name): \(ValueText.plain(line))")
            }
        default: break
        }
        try forward(record)
    }
}

/// Turns one record into many (flat-map, flat-map-values); the function returns a list.
final class FlatMapProcessor: ForwardingProcessor {
    let keySerde: any Serde
    init(node: GraphNode, context: TaskContext, keySerde: any Serde) {
        self.keySerde = keySerde
        super.init(node: node, context: context)
    }
    override func process(_ record: Record) throws {
        var record = record
        let key = node.functions.readsKey ? try decodedKey(&record, serde: keySerde) : record.key
        guard case .list(let items) = try node.functions.mapper?(key, record.value) ?? .null else {
            throw FunctionError("\(node.kind.name) must give a list")
        }
        for item in items {
            var out = record
            if node.kind == .flatMap {
                out.key = item[field: "key"]
                out.keyBytes = nil
                out.value = item[field: "value"]
            } else {
                out.value = item
            }
            try forward(out)
        }
    }
}

/// Passes records through unchanged (merge, group-by-key); to-stream also drops the old value.
final class PassThroughProcessor: ForwardingProcessor {
    override func process(_ record: Record) throws {
        guard node.kind == .toStream else { return try forward(record) }
        var record = record
        record.oldValue = .null
        try forward(record)
    }
}

import TopologyDSL

/// A processor whose functions may read the incoming record's key, decoded on demand.
class KeyReadingProcessor: ForwardingProcessor {
    let keySerde: any Serde
    init(node: GraphNode, context: TaskContext, keySerde: any Serde) {
        self.keySerde = keySerde
        super.init(node: node, context: context)
    }

    /// The key the node's functions see: decoded if they read it, else whatever the record holds.
    final func functionKey(_ record: inout Record) throws -> Value {
        node.functions.readsKey ? try decodedKey(&record, serde: keySerde) : record.key
    }
}

/// Forwards records that pass the node's predicate (filter and branch).
final class FilterProcessor: KeyReadingProcessor {
    override func process(_ record: Record) throws {
        var record = record
        let key = try functionKey(&record)
        if try node.functions.predicate?(key, record.value) ?? true { try forward(record) }
    }
}

/// Replaces the value (map-values), the key (select-key, group-by), or both (map); logs (peek).
final class MappingProcessor: KeyReadingProcessor {
    override func process(_ record: Record) throws {
        var record = record
        let key = try functionKey(&record)
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
            // A Swift peek closure yields `.null`; an expression's text is logged.
            if let line = try functions.mapper?(key, record.value), !line.isNull {
                context.logger.info("peek \(node.name): \(ValueText.plain(line))")
            }
        default: break
        }
        try forward(record)
    }
}

/// Turns one record into many (flat-map, flat-map-values); the function returns a list.
final class FlatMapProcessor: KeyReadingProcessor {
    override func process(_ record: Record) throws {
        var record = record
        let key = try functionKey(&record)
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

/// Runs a custom operator plugin's transform: zero or more records per input record.
final class TransformProcessor: KeyReadingProcessor {
    override func process(_ record: Record) throws {
        guard let transform = node.functions.transform else { return try forward(record) }
        var record = record
        let key = try functionKey(&record)
        for output in try transform.apply(key, record.value) {
            var out = record
            if transform.changesKey {
                out.key = output.key
                out.keyBytes = nil
            }
            out.value = output.value
            try forward(out)
        }
    }
}

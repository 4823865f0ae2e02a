import TopologyDSL

/// A KTable-KTable join (inner, left, outer) with Kafka Streams' semantics: an update on either side
/// looks up the other side's store; a result that becomes empty is forwarded as a tombstone.
final class TableJoinProcessor: ForwardingProcessor {
    let leftStore: StateStore
    let rightStore: StateStore
    let resultStore: StateStore?
    let keySerde: any Serde

    init(node: GraphNode, context: TaskContext, left: StateStore, right: StateStore, result: StateStore?, keySerde: any Serde) {
        leftStore = left
        rightStore = right
        resultStore = result
        self.keySerde = keySerde
        super.init(node: node, context: context)
    }

    /// One side of the join, as a child of that side's table.
    final class Side: Processor {
        let join: TableJoinProcessor
        let isLeft: Bool
        init(join: TableJoinProcessor, isLeft: Bool) {
            self.join = join
            self.isLeft = isLeft
        }
        func process(_ record: Record) throws { try join.update(record, fromLeft: isLeft) }
    }

    func update(_ record: Record, fromLeft: Bool) throws {
        var record = record
        guard let keyBytes = try record.ensureKeyBytes(keySerde) else { return }
        let left = fromLeft ? record.value : try leftStore.get(keyBytes) ?? .null
        let right = fromLeft ? try rightStore.get(keyBytes) ?? .null : record.value
        let emits: Bool
        switch node.joinType ?? .inner {
        case .left: emits = !left.isNull
        case .outer: emits = !left.isNull || !right.isNull
        default: emits = !left.isNull && !right.isNull
        }
        let old = try resultStore?.get(keyBytes)
        if !emits {
            // Nothing to join (a reservation for a key never adjusted emits nothing); a result that
            // existed is retracted with a tombstone.
            let existed = resultStore != nil ? old != nil : !record.oldValue.isNull
            guard existed else { return }
            try resultStore?.put(keyBytes, nil)
            record.value = .null
            record.oldValue = old ?? .null
            return try forward(record)
        }
        let joined = try node.functions.joiner?(left, right) ?? .null
        try resultStore?.put(keyBytes, joined.isNull ? nil : joined)
        record.value = joined
        record.oldValue = old ?? .null
        try forward(record)
    }
}

/// A KStream-KTable join: each stream record looks up the table; table updates alone emit nothing.
final class StreamTableJoinProcessor: ForwardingProcessor {
    let table: StateStore
    let keySerde: any Serde

    init(node: GraphNode, context: TaskContext, table: StateStore, keySerde: any Serde) {
        self.table = table
        self.keySerde = keySerde
        super.init(node: node, context: context)
    }

    override func process(_ record: Record) throws {
        var record = record
        guard let keyBytes = try record.ensureKeyBytes(keySerde) else { return }
        let right = try table.get(keyBytes)
        if right == nil && node.joinType != .left { return }
        record.value = try node.functions.joiner?(record.value, right ?? .null) ?? .null
        try forward(record)
    }
}

/// Swallows records (a table's updates reaching a stream-table join).
final class DiscardProcessor: Processor {
    func process(_ record: Record) throws {}
}

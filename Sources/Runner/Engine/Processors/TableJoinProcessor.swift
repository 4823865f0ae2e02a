import StreamrunStores
import TopologyDSL

/// A KTable-KTable join (inner, left, outer) with Kafka Streams' semantics: an update on either side
/// looks up the other side's store; a result that becomes empty is forwarded as a tombstone. A
/// result carries the newer timestamp of the update and the other side's value.
final class TableJoinProcessor: ForwardingProcessor {
    let leftStore: StateStore
    let rightStore: StateStore
    let resultStore: StateStore?
    let keySerde: any Serde
    private let joinType: JoinType
    private let joiner: Joiner

    init(
        node: GraphNode, context: TaskContext, spec: TableJoinSpec, left: StateStore, right: StateStore,
        result: StateStore?,
        keySerde: any Serde
    ) {
        joinType = spec.joinType
        joiner = spec.joiner
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
        func process(_ record: TaskRecord) throws { try join.update(record, fromLeft: isLeft) }
        func input(fromParent index: Int) -> any Processor { self }
    }

    override func input(fromParent index: Int) -> any Processor { Side(join: self, isLeft: index == 0) }

    func update(_ record: TaskRecord, fromLeft: Bool) throws {
        var record = record
        guard let keyBytes = try record.ensureKeyBytes(keySerde) else { return }
        let other = try (fromLeft ? rightStore : leftStore).getWithTimestamp(keyBytes)
        let left = fromLeft ? record.value : other?.value ?? .null
        let right = fromLeft ? other?.value ?? .null : record.value
        // Kafka Streams' rule: a result is as new as the newer of the update and the other side's value.
        record.timestamp = max(record.timestamp, other?.timestamp ?? record.timestamp)
        let emits: Bool
        switch joinType {
        case .inner: emits = !left.isNull && !right.isNull
        case .left: emits = !left.isNull
        case .outer: emits = !left.isNull || !right.isNull
        }
        let old = try resultStore?.get(keyBytes)
        if !emits {
            // Nothing to join (a reservation for a key never adjusted emits nothing); a result that
            // existed is retracted with a tombstone.
            let existed = resultStore != nil ? old != nil : !record.oldValue.isNull
            guard existed else { return }
            try resultStore?.put(keyBytes, nil, timestamp: record.timestamp)
            record.value = .null
            record.oldValue = old ?? .null
            return try forward(record)
        }
        let joined = try joiner(left, right)
        try resultStore?.put(keyBytes, joined.isNull ? nil : joined, timestamp: record.timestamp)
        record.value = joined
        record.oldValue = old ?? .null
        try forward(record)
    }
}

/// A KStream-KTable join: each stream record looks up the table; table updates alone emit nothing.
final class StreamTableJoinProcessor: ForwardingProcessor {
    let table: StateStore
    let keySerde: any Serde
    private let keepsUnmatched: Bool
    private let joiner: Joiner

    init(node: GraphNode, context: TaskContext, spec: StreamTableJoinSpec, table: StateStore, keySerde: any Serde) {
        keepsUnmatched = spec.joinType == .left
        joiner = spec.joiner
        self.table = table
        self.keySerde = keySerde
        super.init(node: node, context: context)
    }

    override func process(_ record: TaskRecord) throws {
        var record = record
        guard let keyBytes = try record.ensureKeyBytes(keySerde) else { return }
        let right = try table.get(keyBytes)
        if right == nil && !keepsUnmatched { return }
        record.value = try joiner(record.value, right ?? .null)
        try forward(record)
    }

    /// The table's own updates emit nothing.
    override func input(fromParent index: Int) -> any Processor { index == 0 ? self : DiscardProcessor() }
}

/// Swallows records (a table's updates reaching a stream-table join).
final class DiscardProcessor: Processor {
    func process(_ record: TaskRecord) throws {}
    func input(fromParent index: Int) -> any Processor { self }
}

extension TableJoinSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        let left = build.graph.nodes[node.parents[0]]
        let right = build.graph.nodes[node.parents[1]]
        return TableJoinProcessor(
            node: node, context: build.context, spec: self, left: try build.store(left.store, for: left),
            right: try build.store(right.store, for: right),
            result: try node.store.map { try build.store($0, for: node) }, keySerde: build.keySerde(of: node))
    }
}

extension StreamTableJoinSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        switch joinType {
        case .inner, .left: break
        case .outer:
            throw TopologyErrors(
                "operator '\(node.name)': a stream-table join is inner or left (as in Kafka Streams)",
                at: node.location)
        }
        let table = build.graph.nodes[node.parents[1]]
        return StreamTableJoinProcessor(
            node: node, context: build.context, spec: self,
            table: try build.store(table.store, for: table), keySerde: build.keySerde(of: node))
    }
}

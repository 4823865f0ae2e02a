/// The `stream-table-join` operator, Kafka Streams' `KStream.join` and `leftJoin` with a `KTable`:
/// each stream record joined with the table's value for its key.
///
/// Joins each stream record with the table's value for its key (parents: stream, table); table
/// updates alone emit nothing.
public struct StreamTableJoinSpec: JoinOperatorSpec {
    public var kind: OperatorKind { .streamTableJoin }
    public let joinType: JoinType
    public let joiner: Joiner
    public init(_ joinType: JoinType, joiner: @escaping Joiner) {
        self.joinType = joinType
        self.joiner = joiner
    }
}

extension GraphBuilder {
    /// Joins each record of `stream` with `table`'s value for its key: the node `name`, after a
    /// repartition named like it when the stream's key was changed.
    public mutating func streamTableJoin(
        _ stream: StreamRef, _ table: StreamRef, named name: String, _ spec: StreamTableJoinSpec,
        valueType: ValueType, detail: String? = nil,
        location: SourceLocation? = nil
    ) -> StreamRef {
        let input = repartitioned(stream, name: name, location: location)
        let id = add(
            name, spec, parents: [input.id, table.id], keyType: input.keyType, valueType: valueType,
            detail: detail, location: location)
        return StreamRef(id: id, isTable: false, keyType: input.keyType, valueType: valueType, keyChanged: false)
    }
}

/// KStream-KTable joins: each stream record looks up the table's current value for its key; table
/// updates alone emit nothing. A stream whose key was changed is repartitioned first.
extension KStream {
    /// Inner join: records whose key the table lacks are dropped.
    public func join<VT: StreamValue, VR: StreamValue>(
        _ table: KTable<K, VT>, named: String? = nil,
        file: String = #fileID, line: Int = #line, column: Int = #column,
        _ joiner: @escaping @Sendable (V, VT) throws -> VR
    ) -> KStream<K, VR> {
        streamJoin(table, .inner, "join", named: named, at: SourceLocation(file, line, column)) { value, row in
            try joiner(V.read(value, as: "stream value"), VT.read(row, as: "table value")).streamValue
        }
    }

    /// Left join: every record passes; `row` is nil where the table has no value for the key.
    public func leftJoin<VT: StreamValue, VR: StreamValue>(
        _ table: KTable<K, VT>, named: String? = nil,
        file: String = #fileID, line: Int = #line, column: Int = #column,
        _ joiner: @escaping @Sendable (V, VT?) throws -> VR
    ) -> KStream<K, VR> {
        streamJoin(table, .left, "left-join", named: named, at: SourceLocation(file, line, column)) { value, row in
            try joiner(V.read(value, as: "stream value"), VT?.read(row, as: "table value")).streamValue
        }
    }

    /// The join step `<name>-<n>-join` (or `-left-join`), after a repartition named like the step
    /// if the key was changed.
    private func streamJoin<VT, VR>(
        _ table: KTable<K, VT>, _ type: JoinType, _ stepKind: String, named: String?,
        at location: SourceLocation, joiner: @escaping Joiner
    ) -> KStream<K, VR> {
        let index = stepCount + 1
        let nodeName = named ?? "\(name)-\(index)-\(stepKind)"
        let parent = node
        let tableNode = table.node
        let next = DSLNode(location) { context in
            guard let stream = context.ref(parent), let table = context.ref(tableNode) else { return nil }
            return context.builder.streamTableJoin(
                stream, table, named: nodeName, StreamTableJoinSpec(type, joiner: joiner),
                valueType: VR.streamType, location: location)
        }
        return KStream<K, VR>(node: next, name: name, stepCount: index)
    }
}

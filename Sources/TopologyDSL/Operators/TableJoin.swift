/// The `table-table-join` operator, Kafka Streams' `KTable.join`, `leftJoin` and `outerJoin`: two
/// tables joined by key into a table.
///
/// Joins two tables by key (parents: left, right); the result is a table.
public struct TableJoinSpec: JoinOperatorSpec {
    public var kind: OperatorKind { .tableJoin }
    public var producesTable: Bool { true }
    public let joinType: JoinType
    public let joiner: Joiner
    public init(_ joinType: JoinType, joiner: @escaping Joiner) {
        self.joinType = joinType
        self.joiner = joiner
    }
}

extension GraphBuilder {
    /// Joins two tables into the table `name` (`<name>-<inner|left|outer>-join`), materialized in `store`.
    public mutating func tableJoin(
        _ left: StreamRef, _ right: StreamRef, named name: String, _ spec: TableJoinSpec,
        valueType: ValueType, store: String, kind: StoreKind, detail: String? = nil,
        location: SourceLocation? = nil
    ) -> StreamRef {
        let id = add(
            "\(name)-\(spec.joinType.name)-join", spec, parents: [left.id, right.id], keyType: left.keyType,
            valueType: valueType, detail: detail, location: location)
        materialize(id, store: store, kind: kind)
        return StreamRef(id: id, isTable: true, keyType: left.keyType, valueType: valueType, keyChanged: false)
    }
}

/// KTable-KTable joins with Kafka Streams' semantics: an update on either side joins the other
/// side's current value; the result is a table named `named`, materialized in `store`.
extension KTable {
    /// Inner join: a result for keys present in both tables.
    public func join<V2: StreamValue, VR: StreamValue>(
        _ other: KTable<K, V2>, named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
        file: String = #fileID, line: Int = #line, column: Int = #column,
        _ joiner: @escaping @Sendable (V, V2) throws -> VR
    ) -> KTable<K, VR> {
        tableJoin(
            other, .inner, named: name, store: store, storeType: storeType, at: SourceLocation(file, line, column)
        ) {
            left, right in try joiner(V.read(left, as: "left value"), V2.read(right, as: "right value")).streamValue
        }
    }

    /// Left join: a result for every key of this table; `right` is nil where the other has none.
    /// An update of the other table for a key this one lacks emits nothing.
    public func leftJoin<V2: StreamValue, VR: StreamValue>(
        _ other: KTable<K, V2>, named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
        file: String = #fileID, line: Int = #line, column: Int = #column,
        _ joiner: @escaping @Sendable (V, V2?) throws -> VR
    ) -> KTable<K, VR> {
        tableJoin(other, .left, named: name, store: store, storeType: storeType, at: SourceLocation(file, line, column))
        {
            left, right in try joiner(V.read(left, as: "left value"), V2?.read(right, as: "right value")).streamValue
        }
    }

    /// Outer join: a result for keys present in either table; the missing side is nil.
    public func outerJoin<V2: StreamValue, VR: StreamValue>(
        _ other: KTable<K, V2>, named name: String, store: String? = nil, storeType: StoreKind = .rocksdb,
        file: String = #fileID, line: Int = #line, column: Int = #column,
        _ joiner: @escaping @Sendable (V?, V2?) throws -> VR
    ) -> KTable<K, VR> {
        tableJoin(
            other, .outer, named: name, store: store, storeType: storeType, at: SourceLocation(file, line, column)
        ) {
            left, right in try joiner(V?.read(left, as: "left value"), V2?.read(right, as: "right value")).streamValue
        }
    }

    /// The join node `<name>-<inner|left|outer>-join`, materialized in `store` (the name by default).
    private func tableJoin<V2, VR>(
        _ other: KTable<K, V2>, _ type: JoinType, named name: String, store: String?,
        storeType: StoreKind, at location: SourceLocation,
        joiner: @escaping Joiner
    ) -> KTable<K, VR> {
        let leftNode = node
        let rightNode = other.node
        let storeName = store ?? name
        let leftName = self.name
        let rightName = other.name
        let node = DSLNode(location) { context in
            let left = context.ref(leftNode)
            let right = context.ref(rightNode)
            guard let left, let right else { return nil }
            if left.keyType != right.keyType {
                context.error(
                    "joined tables must have the same key type, but '\(leftName)' has \(left.keyType) "
                        + "(\(left.keyType.serde)) and '\(rightName)' has \(right.keyType) (\(right.keyType.serde))",
                    at: location)
            }
            return context.builder.tableJoin(
                left, right, named: name, TableJoinSpec(type, joiner: joiner),
                valueType: VR.streamType, store: storeName, kind: storeType, location: location)
        }
        return KTable<K, VR>(node: node, name: name, storeName: storeName)
    }
}

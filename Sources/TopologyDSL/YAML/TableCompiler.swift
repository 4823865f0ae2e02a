extension TopologyCompiler {
    mutating func compileTable(_ table: TableSpec) -> StreamRef? {
        let name = table.name.value
        let storeName = table.store?.value ?? name
        var storeKind = StoreKind.rocksdb
        if let kind = table.storeKind {
            let known = plugins.storeKinds
            guard known.contains(StoreKind(kind.value)) else {
                let names = known.map(\.name).joined(separator: ", ")
                reader.error("store-type must be one of \(names), got '\(kind.value)'", at: kind.location)
                return nil
            }
            storeKind = StoreKind(kind.value)
        }
        let store = (name: storeName, kind: storeKind)
        var ref: StreamRef?
        if let join = table.join {
            ref = compileTableJoin(join, name: name, store: store)
        } else if let from = table.from {
            ref = compileAggregation(table, from: from, store: store)
        }
        guard let result = ref else { return nil }
        if let to = table.to { sink(result, to: to, owner: name) }
        return result
    }

    /// Where a table is materialized.
    typealias TableStore = (name: String, kind: StoreKind)

    private mutating func compileAggregation(_ table: TableSpec, from: Located<String>, store: TableStore) -> StreamRef?
    {
        let name = table.name.value
        let aggregates = table.reduce != nil || table.aggregateApply != nil || table.count
        if !aggregates && table.groupBy == nil, builder.topic(from.value) != nil {
            guard let topic = builder.topic(from.value) else { return nil }
            return builder.table(
                topic, named: name, store: store.name, kind: store.kind,
                timestamp: timestampExtractors[topic.name], location: table.name.location)
        }
        guard var input = resolve(from) else { return nil }
        if !aggregates && table.groupBy == nil, !input.isTable {
            // A stream read as a table (Kafka Streams' toTable): the latest value per key.
            return builder.toTable(
                input, named: name, store: store.name, kind: store.kind, location: table.name.location)
        }
        guard aggregates else {
            let problem =
                input.isTable
                ? "reads the table '\(from.value)'; join it, or read its topic"
                : "groups its records with group-by; it needs reduce, aggregate or count"
            reader.error("table '\(name)' \(problem)", at: table.name.location)
            return nil
        }
        if input.isTable {
            reader.error(
                "table '\(name)' aggregates '\(from.value)', which is a table; aggregate a stream or topic",
                at: from.location)
            return nil
        }
        if let groupBy = table.groupBy {
            let layout = Self.recordLayout(input.keyType, input.valueType)
            guard let expr = expressions.compile(groupBy, layout, reader: &reader) else { return nil }
            let keyType = declared(
                table.groupByType, for: expr, at: groupBy, subject: "the group-by of table '\(name)'")
            let spec = SelectKeySpec(
                grouping: true, readsKey: expr.usesVariable("key"), mapper: ExpressionClosures.mapper(expr))
            input = builder.groupBy(
                input, table: name, spec, keyType: keyType, detail: groupBy.value, location: groupBy.location)
        } else {
            input = builder.groupByKey(input, table: name, location: table.name.location)
        }
        return compileAggregator(table, input: input, store: store)
    }

    private mutating func compileAggregator(_ table: TableSpec, input: StreamRef, store: TableStore) -> StreamRef? {
        let name = table.name.value
        var valueType = input.valueType
        let spec: any OperatorSpec
        var detail: String?
        if let reduce = table.reduce {
            let layout = ScopeLayout([
                ("aggregate", input.valueType), ("value", input.valueType), ("key", input.keyType),
            ])
            guard let expr = expressions.compile(reduce, layout, reader: &reader) else { return nil }
            expect(
                expr, at: reduce, fits: valueType, subject: "the reduce of table '\(name)'",
                destination: "a reduce keeps the type of its values,",
                otherwise: "aggregate into another type with aggregate: { initial, apply, type }")
            spec = ReduceSpec(readsKey: expr.usesVariable("key"), reducer: ExpressionClosures.aggregator(expr))
            detail = reduce.value
        } else if let initial = table.aggregateInitial, let apply = table.aggregateApply {
            guard let initialExpr = expressions.compile(initial, ScopeLayout([]), reader: &reader) else { return nil }
            valueType = declared(
                table.aggregateType, for: initialExpr, at: initial,
                subject: "the initial of table '\(name)'")
            let layout = ScopeLayout([("aggregate", valueType), ("value", input.valueType), ("key", input.keyType)])
            guard let expr = expressions.compile(apply, layout, reader: &reader) else { return nil }
            expect(
                expr, at: apply, fits: valueType, subject: "the apply of table '\(name)'",
                destination: "its aggregate is")
            let aggregateType = valueType
            let aggregator = ExpressionClosures.aggregator(expr)
            spec = AggregateSpec(
                readsKey: expr.usesVariable("key"),
                initializer: {
                    ExpressionClosures.widened(try initialExpr.evaluate(Scope(slotCount: 0)), to: aggregateType)
                },
                aggregator: { key, value, aggregate in
                    ExpressionClosures.widened(try aggregator(key, value, aggregate), to: aggregateType)
                })
            detail = "initial: \(initial.value), apply: \(apply.value)"
        } else {
            spec = CountSpec()
            valueType = .int64
        }
        return builder.aggregate(
            input, table: name, spec, valueType: valueType, store: store.name, kind: store.kind,
            detail: detail, location: table.name.location)
    }

    private mutating func compileTableJoin(_ join: JoinSpec, name: String, store: TableStore) -> StreamRef? {
        let left = resolve(join.left)
        let right = resolve(join.right)
        guard let left, let right else { return nil }
        for (side, ref) in [(join.left, left), (join.right, right)] where !ref.isTable {
            reader.error(
                "'\(side.value)' is not a table; a \(join.type) join of tables needs two tables", at: side.location)
        }
        guard left.isTable, right.isTable else { return nil }
        if left.keyType != right.keyType {
            reader.error(
                "joined tables must have the same key type, but '\(join.left.value)' has \(left.keyType) and "
                    + "'\(join.right.value)' has \(right.keyType)", at: join.location)
        }
        let layout = ScopeLayout([("left", left.valueType), ("right", right.valueType)])
        guard let expr = expressions.compile(join.value, layout, reader: &reader) else { return nil }
        guard let joinType = JoinType(rawValue: join.type) else { return nil }
        return builder.tableJoin(
            left, right, named: name, TableJoinSpec(joinType, joiner: ExpressionClosures.joiner(expr)),
            valueType: expr.type, store: store.name, kind: store.kind, detail: join.value.value,
            location: join.location)
    }
}

extension TopologyCompiler {
    mutating func compileTable(_ table: TableSpec) -> NodeRef? {
        let name = table.name.value
        let storeName = table.store?.value ?? name
        var storeKind = StoreKind.rocksdb
        if let kind = table.storeKind {
            guard let known = StoreKind(rawValue: kind.value) else {
                let names = StoreKind.allCases.map(\.rawValue).joined(separator: " or ")
                reader.error("store-type must be \(names), got '\(kind.value)'", at: kind.location)
                return nil
            }
            storeKind = known
        }
        var ref: NodeRef?
        if let join = table.join {
            ref = compileTableJoin(join, name: name)
        } else if let from = table.from {
            ref = compileAggregation(table, from: from)
        }
        guard var result = ref else { return nil }
        builder.materialize(result.id, store: storeName, kind: storeKind)
        result.isTable = true
        if let to = table.to { sink(result, to: to, owner: name) }
        return result
    }

    private mutating func compileAggregation(_ table: TableSpec, from: Located<String>) -> NodeRef? {
        let name = table.name.value
        let aggregates = table.reduce != nil || table.aggregateApply != nil || table.count
        if !aggregates && table.groupBy == nil, builder.topic(from.value) != nil {
            guard let topic = builder.topic(from.value) else { return nil }
            let timestamp = timestampExtractors[topic.name]
            let id = builder.add("\(name)-table-source", TableSourceSpec(timestamp: timestamp), parents: [],
                                 keyType: topic.keyType, valueType: topic.valueType, topic: topic.name,
                                 detail: timestamp?.detail, location: table.name.location)
            return NodeRef(id: id, isTable: true, keyType: topic.keyType, valueType: topic.valueType,
                           keyChanged: false, partitions: topic.partitions)
        }
        guard var input = resolve(from) else { return nil }
        if !aggregates && table.groupBy == nil, !input.isTable {
            // A stream read as a table (Kafka Streams' toTable): the latest value per key.
            if input.keyChanged { input.id = builder.repartition(input.id, name: name, location: table.name.location) }
            let id = builder.add("\(name)-to-table", ToTableSpec(), parents: [input.id], keyType: input.keyType,
                                 valueType: input.valueType, location: table.name.location)
            return NodeRef(id: id, isTable: true, keyType: input.keyType, valueType: input.valueType, keyChanged: false,
                           partitions: input.partitions)
        }
        guard aggregates else {
            let problem = input.isTable ? "reads the table '\(from.value)'; join it, or read its topic"
                                        : "groups its records with group-by; it needs reduce, aggregate or count"
            reader.error("table '\(name)' \(problem)", at: table.name.location)
            return nil
        }
        if input.isTable {
            reader.error("table '\(name)' aggregates '\(from.value)', which is a table; aggregate a stream or topic", at: from.location)
            return nil
        }
        if let groupBy = table.groupBy {
            let layout = Self.recordLayout(input.keyType, input.valueType)
            guard let expr = expressions.compile(groupBy, layout, reader: &reader) else { return nil }
            let keyType = declared(table.groupByType, for: expr, at: groupBy, subject: "the group-by of table '\(name)'")
            let spec = SelectKeySpec(grouping: true, readsKey: expr.usesVariable("key"), mapper: ExpressionClosures.mapper(expr))
            let id = builder.add("\(name)-group-by", spec, parents: [input.id], keyType: keyType, valueType: input.valueType,
                                 detail: groupBy.value, location: groupBy.location)
            input = NodeRef(id: builder.repartition(id, name: name, location: groupBy.location), isTable: false,
                            keyType: keyType, valueType: input.valueType, keyChanged: false, partitions: input.partitions)
        } else {
            let id = builder.add("\(name)-group-by-key", GroupByKeySpec(), parents: [input.id], keyType: input.keyType,
                                 valueType: input.valueType, location: table.name.location)
            input.id = input.keyChanged ? builder.repartition(id, name: name, location: table.name.location) : id
            input.keyChanged = false
        }
        return compileAggregator(table, input: input)
    }

    private mutating func compileAggregator(_ table: TableSpec, input: NodeRef) -> NodeRef? {
        let name = table.name.value
        var valueType = input.valueType
        let spec: any OperatorSpec
        var detail: String?
        if let reduce = table.reduce {
            let layout = ScopeLayout([("aggregate", input.valueType), ("value", input.valueType), ("key", input.keyType)])
            guard let expr = expressions.compile(reduce, layout, reader: &reader) else { return nil }
            expect(expr, at: reduce, fits: valueType, subject: "the reduce of table '\(name)'",
                   destination: "a reduce keeps the type of its values,",
                   otherwise: "aggregate into another type with aggregate: { initial, apply, type }")
            spec = ReduceSpec(readsKey: expr.usesVariable("key"), reducer: ExpressionClosures.aggregator(expr))
            detail = reduce.value
        } else if let initial = table.aggregateInitial, let apply = table.aggregateApply {
            guard let initialExpr = expressions.compile(initial, ScopeLayout([]), reader: &reader) else { return nil }
            valueType = declared(table.aggregateType, for: initialExpr, at: initial,
                                 subject: "the initial of table '\(name)'")
            let layout = ScopeLayout([("aggregate", valueType), ("value", input.valueType), ("key", input.keyType)])
            guard let expr = expressions.compile(apply, layout, reader: &reader) else { return nil }
            expect(expr, at: apply, fits: valueType, subject: "the apply of table '\(name)'",
                   destination: "its aggregate is")
            let aggregateType = valueType, aggregator = ExpressionClosures.aggregator(expr)
            spec = AggregateSpec(readsKey: expr.usesVariable("key"), initializer: {
                do { return ExpressionClosures.widened(try initialExpr.evaluate(Scope(slotCount: 0)), to: aggregateType) }
                catch { throw FunctionError("\(error)") }
            }, aggregator: { key, value, aggregate in
                ExpressionClosures.widened(try aggregator(key, value, aggregate), to: aggregateType)
            })
            detail = "initial: \(initial.value), apply: \(apply.value)"
        } else {
            spec = CountSpec()
            valueType = .int64
        }
        let id = builder.add("\(name)-\(spec.kind.name)", spec, parents: [input.id], keyType: input.keyType, valueType: valueType,
                             detail: detail, location: table.name.location)
        return NodeRef(id: id, isTable: true, keyType: input.keyType, valueType: valueType, keyChanged: false,
                       partitions: input.partitions)
    }

    private mutating func compileTableJoin(_ join: JoinSpec, name: String) -> NodeRef? {
        let left = resolve(join.left), right = resolve(join.right)
        guard let left, let right else { return nil }
        for (side, ref) in [(join.left, left), (join.right, right)] where !ref.isTable {
            reader.error("'\(side.value)' is not a table; a \(join.type) join of tables needs two tables", at: side.location)
        }
        guard left.isTable, right.isTable else { return nil }
        if left.keyType != right.keyType {
            reader.error("joined tables must have the same key type, but '\(join.left.value)' has \(left.keyType) and "
                         + "'\(join.right.value)' has \(right.keyType)", at: join.location)
        }
        let layout = ScopeLayout([("left", left.valueType), ("right", right.valueType)])
        guard let expr = expressions.compile(join.value, layout, reader: &reader) else { return nil }
        guard let joinType = JoinType(rawValue: join.type) else { return nil }
        let id = builder.add("\(name)-\(join.type)-join", TableJoinSpec(joinType, joiner: ExpressionClosures.joiner(expr)),
                             parents: [left.id, right.id], keyType: left.keyType, valueType: expr.type,
                             detail: join.value.value, location: join.location)
        return NodeRef(id: id, isTable: true, keyType: left.keyType, valueType: expr.type, keyChanged: false,
                       partitions: max(left.partitions, right.partitions))
    }
}

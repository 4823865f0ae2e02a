extension TopologyCompiler {
    static func recordLayout(_ key: ValueType, _ value: ValueType) -> ScopeLayout {
        ScopeLayout([("key", key), ("value", value)])
    }

    mutating func compileStream(_ stream: StreamSpec) -> StreamRef? {
        let name = stream.name.value
        let inputs = stream.from.compactMap { resolve($0) }
        guard inputs.count == stream.from.count, var current = inputs.first else { return nil }
        if inputs.contains(where: \.isTable) {
            reader.error(
                "stream '\(name)' reads a table; read its topic instead, or use a join step", at: stream.name.location)
            return nil
        }
        if inputs.count > 1 {
            for other in inputs.dropFirst()
            where other.keyType != current.keyType || other.valueType != current.valueType {
                reader.error(
                    "streams merged into '\(name)' must have the same key and value types", at: stream.name.location)
            }
            current = builder.merge(inputs, named: name, location: stream.name.location)
        }
        for (index, step) in stream.steps.enumerated() {
            let stepName = step.name ?? "\(name)-\(index + 1)-\(step.kind)"
            if step.kind == "branch" {
                if index != stream.steps.count - 1 {
                    reader.error("'branch' must be the last step of a stream", at: step.location)
                }
                compileBranches(step, from: current, stream: name)
                continue
            }
            guard let next = compileStep(step, name: stepName, from: current) else { return nil }
            current = next
        }
        if let to = stream.to { sink(current, to: to, owner: name) }
        return current
    }

    private mutating func compileStep(_ step: StepSpec, name: String, from input: StreamRef) -> StreamRef? {
        let layout = Self.recordLayout(input.keyType, input.valueType)
        var out = input
        func add(_ spec: some OperatorSpec, detail: String?) -> Int {
            builder.step(
                input, named: name, spec, keyType: out.keyType, valueType: out.valueType, detail: detail,
                location: step.location
            ).id
        }
        switch step.kind {
        case "filter", "peek", "map-values", "select-key", "flat-map-values", "flat-map":
            guard let source = step.expression, let expr = expressions.compile(source, layout, reader: &reader) else {
                return nil
            }
            let readsKey = expr.usesVariable("key")
            switch step.kind {
            case "filter":
                expectCondition(expr, at: source, of: "filter '\(name)'")
                out.id = add(
                    FilterSpec(readsKey: readsKey, predicate: ExpressionClosures.predicate(expr)), detail: source.value)
            case "peek":
                out.id = add(PeekSpec(readsKey: readsKey, line: ExpressionClosures.mapper(expr)), detail: source.value)
            case "map-values":
                out.valueType = declared(step.type, for: expr, at: source, subject: "the map-values '\(name)'")
                out.id = add(
                    MapValuesSpec(readsKey: readsKey, mapper: ExpressionClosures.mapper(expr)), detail: source.value)
            case "select-key":
                out.keyType = declared(
                    step.keyType ?? step.type, for: expr, at: source, subject: "the select-key '\(name)'")
                out.keyChanged = true
                out.id = add(
                    SelectKeySpec(readsKey: readsKey, mapper: ExpressionClosures.mapper(expr)), detail: source.value)
            case "flat-map-values":
                out.valueType = type(step.type, inferred: .any)
                out.id = add(
                    FlatMapSpec(valuesOnly: true, readsKey: readsKey, mapper: ExpressionClosures.mapper(expr)),
                    detail: source.value)
            default:
                out.keyType = type(step.keyType, inferred: .any)
                out.valueType = type(step.type, inferred: .any)
                out.keyChanged = true
                out.id = add(
                    FlatMapSpec(valuesOnly: false, readsKey: true, mapper: ExpressionClosures.mapper(expr)),
                    detail: source.value)
            }
        case "map":
            guard let keySource = step.key, let valueSource = step.value else {
                reader.error("map needs 'key' and 'value'", at: step.location)
                return nil
            }
            guard let keyExpr = expressions.compile(keySource, layout, reader: &reader),
                let valueExpr = expressions.compile(valueSource, layout, reader: &reader)
            else { return nil }
            out.keyType = declared(step.keyType, for: keyExpr, at: keySource, subject: "the key of map '\(name)'")
            out.valueType = declared(step.type, for: valueExpr, at: valueSource, subject: "the value of map '\(name)'")
            out.keyChanged = true
            let mapper: KeyValueMapper = { key, value in
                (
                    try ExpressionClosures.evaluate(keyExpr, key, value),
                    try ExpressionClosures.evaluate(valueExpr, key, value)
                )
            }
            out.id = add(
                MapSpec(mapper: mapper),
                detail: "key: \(keySource.value), value: \(valueSource.value)")
        case "join", "left-join":
            return compileStreamJoin(step, name: name, from: input)
        case "process":
            return compileProcess(step, name: name, from: input)
        default:
            reader.error("unknown step '\(step.kind)'", at: step.location)
            return nil
        }
        return out
    }

    private mutating func compileProcess(_ step: StepSpec, name: String, from input: StreamRef) -> StreamRef? {
        guard let plugin = step.plugin else { return nil }
        if let processor = plugins.processors[plugin.value] {
            return compileProcessor(processor, step, name: name, from: input)
        }
        guard let operatorPlugin = plugins.operators[plugin.value] else {
            reportUnknownPlugin("operator", plugin, known: plugins.operatorNames)
            return nil
        }
        let transform: RecordTransform
        do {
            transform = try operatorPlugin.makeTransform(
                parameters: step.parameters, keyType: input.keyType,
                valueType: input.valueType)
        } catch {
            reader.error("operator plugin '\(plugin.value)': \(error)", at: plugin.location)
            return nil
        }
        var out = input
        out.keyType = type(step.keyType, inferred: transform.keyType ?? input.keyType)
        out.valueType = type(step.type, inferred: transform.valueType ?? input.valueType)
        out.keyChanged = input.keyChanged || transform.changesKey
        return builder.step(
            input, named: name, ProcessSpec(transform: transform), keyType: out.keyType,
            valueType: out.valueType, changesKey: out.keyChanged, detail: plugin.value, location: step.location)
    }

    /// A Processor API plugin's step, with the stores it declares.
    private mutating func compileProcessor(
        _ plugin: any ProcessorPlugin, _ step: StepSpec, name: String,
        from input: StreamRef
    ) -> StreamRef? {
        let description: ProcessorDescription
        do {
            description = try plugin.describe(
                parameters: step.parameters, keyType: input.keyType, valueType: input.valueType)
        } catch {
            reader.error("processor plugin '\(plugin.name)': \(error)", at: step.plugin?.location ?? step.location)
            return nil
        }
        var out = input
        out.keyType = type(step.keyType, inferred: description.keyType ?? input.keyType)
        out.valueType = type(step.type, inferred: description.valueType ?? input.valueType)
        out.keyChanged = input.keyChanged || description.changesKey
        let spec = CustomProcessorSpec(stores: description.stores.map(\.name), make: description.make)
        return builder.process(
            input, named: name, spec, stores: description.stores, keyType: out.keyType,
            valueType: out.valueType, changesKey: out.keyChanged, detail: plugin.name,
            location: step.location)
    }

    private mutating func compileStreamJoin(_ step: StepSpec, name: String, from input: StreamRef) -> StreamRef? {
        guard let tableName = step.table, let source = step.expression, let table = resolve(tableName) else {
            return nil
        }
        guard table.isTable else {
            reader.error("'\(tableName.value)' is not a table; a stream joins a table", at: tableName.location)
            return nil
        }
        let layout = ScopeLayout([("left", input.valueType), ("right", table.valueType)])
        guard let expr = expressions.compile(source, layout, reader: &reader) else { return nil }
        if input.keyType != table.keyType {
            reader.error(
                "a stream joins a table by key, but '\(name)' has key \(input.keyType) and table "
                    + "'\(tableName.value)' has key \(table.keyType)", at: tableName.location)
        }
        let joinType: JoinType = step.joinType == "left" ? .left : .inner
        let valueType = declared(step.type, for: expr, at: source, subject: "the join '\(name)'")
        return builder.streamTableJoin(
            input, table, named: name, StreamTableJoinSpec(joinType, joiner: ExpressionClosures.joiner(expr)),
            valueType: valueType, detail: source.value, location: step.location)
    }

    private mutating func compileBranches(_ step: StepSpec, from input: StreamRef, stream: String) {
        let layout = Self.recordLayout(input.keyType, input.valueType)
        var earlier: [RecordPredicate] = []
        for branch in step.branches {
            var own: RecordPredicate = { _, _ in true }
            if let source = branch.predicate {
                guard let expr = expressions.compile(source, layout, reader: &reader) else { continue }
                expectCondition(expr, at: source, of: "branch '\(branch.name.value)'")
                own = ExpressionClosures.predicate(expr)
            }
            let previous = earlier
            let matches = own
            let predicate: RecordPredicate = { key, value in
                for p in previous where try p(key, value) { return false }
                return try matches(key, value)
            }
            earlier.append(own)
            let id = builder.step(
                input, named: "\(stream)-branch-\(branch.name.value)", BranchSpec(predicate: predicate),
                detail: branch.predicate?.value ?? "default", location: branch.name.location
            ).id
            if resolved[branch.name.value] != nil
                || spec.streams.contains(where: { $0.name.value == branch.name.value })
            {
                reader.error(
                    "branch '\(branch.name.value)' reuses the name of another stream", at: branch.name.location)
            }
            var ref = input
            ref.id = id
            resolved[branch.name.value] = ref
        }
    }

    /// The type a step declares with `type:`/`key-type:` (reporting an expression that cannot fit
    /// it), or the expression's own type.
    mutating func declared(
        _ override: Located<String>?, for expr: CompiledExpression, at source: Located<String>,
        subject: String
    ) -> ValueType {
        let result = type(override, inferred: expr.type)
        if override != nil {
            expect(expr, at: source, fits: result, subject: subject, destination: "its declared type is")
        }
        return result
    }
}

extension TopologyCompiler {
    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    static func requestLayout(path: String) -> ScopeLayout {
        let parameters = pathParameters(path).map { ValueType.Field($0, .string) }
        return ScopeLayout([("body", .json), ("path", .record("path", parameters)), ("query", .json)])
    }

    mutating func compileHTTP() {
        checkRoutes()
        for command in spec.commands {
            guard let topic = builder.topic(command.topic.value) else {
                reader.error("unknown topic '\(command.topic.value)'", at: command.topic.location)
                continue
            }
            let layout = Self.requestLayout(path: command.path.value)
            let endpoint = "POST \(command.path.value)"
            let key = requestFunction(
                command.key, layout, type: topic.keyType, field: "key",
                subject: "the key of \(endpoint)", destination: "topic '\(topic.name)' takes key")
            let value = requestFunction(
                command.value, layout, type: topic.valueType, field: "value",
                subject: "the value of \(endpoint)", destination: "topic '\(topic.name)' takes value")
            let timestamp = command.timestamp.flatMap {
                requestFunction(
                    .expression($0), layout, type: .int64, field: "timestamp", subject: "the timestamp of \(endpoint)",
                    destination: "a timestamp is epoch milliseconds,")
            }
            guard let key, let value, command.timestamp == nil || timestamp != nil else { continue }
            let replyLayout = ScopeLayout([
                ("topic", .string), ("partition", .int32), ("offset", .int64),
                ("key", topic.keyType), ("value", topic.valueType),
            ])
            guard let render = reply(command.reply, replyLayout) else { continue }
            builder.http.commands.append(
                CommandEndpoint(
                    path: command.path.value, topic: topic.name, key: key, value: value, timestamp: timestamp,
                    reply: { topic, partition, offset, key, value in
                        try render([.string(topic), .int(Int64(partition)), .int(offset), key, value])
                    }, location: command.path.location))
        }
        for query in spec.queries {
            guard let store = query.fromSink ? sinkTable(query.store)?.types : resolvedStore(query.store) else {
                continue
            }
            let layout = Self.requestLayout(path: query.path.value)
            guard
                let key = requestFunction(
                    query.key, layout, type: store.keyType, field: "key",
                    subject: "the key of GET \(query.path.value)",
                    destination: "store '\(query.store.value)' has key"),
                let render = reply(query.reply, ScopeLayout([("key", store.keyType), ("value", store.valueType)]))
            else { continue }
            builder.http.queries.append(
                QueryEndpoint(
                    path: query.path.value, store: query.store.value, key: key,
                    reply: { key, value in try render([key, value]) }, location: query.path.location,
                    sinkLookup: query.fromSink ? sinkTable(query.store)?.lookup : nil))
        }
    }

    /// Reports routes declared twice or on a built-in endpoint, which the server could not register.
    private mutating func checkRoutes() {
        let routes =
            spec.commands.map { RouteConflicts.Route(method: "POST", path: $0.path.value, location: $0.path.location) }
            + spec.queries.map { RouteConflicts.Route(method: "GET", path: $0.path.value, location: $0.path.location) }
        for conflict in RouteConflicts.find(in: routes) {
            reader.error(
                conflict.message, at: conflict.location ?? SourceLocation(file: reader.file, line: 1, column: 1))
        }
    }

    /// The types and a (lazily opened) reader of the sink table that stream or table `name` writes.
    private mutating func sinkTable(_ name: Located<String>)
        -> (types: (keyType: ValueType, valueType: ValueType), lookup: @Sendable (Value) async throws -> Value?)?
    {
        let target =
            spec.streams.first { $0.name.value == name.value }?.to
            ?? spec.tables.first { $0.name.value == name.value }?.to
        guard case .sink(let sink)? = target, let ref = resolved[name.value] else {
            reader.error("'\(name.value)' is not a stream or table with a 'to: { sink: ... }'", at: name.location)
            return nil
        }
        guard let plugin = plugins.sinks[sink.name.value] as? any KeyLookupSinkPlugin else {
            reader.error("the '\(sink.name.value)' sink cannot be queried", at: name.location)
            return nil
        }
        let opened = LazyKeyLookup {
            try plugin.lookup(parameters: sink.parameters, keyType: ref.keyType, valueType: ref.valueType)
        }
        return ((ref.keyType, ref.valueType), { key in try await opened.value(for: key) })
    }

    private mutating func resolvedStore(_ name: Located<String>) -> (keyType: ValueType, valueType: ValueType)? {
        for table in spec.tables where (table.store?.value ?? table.name.value) == name.value {
            // A table that failed to compile was reported already.
            guard let ref = resolved[table.name.value] else { return nil }
            return (ref.keyType, ref.valueType)
        }
        // A store a custom processor declared (compiled with its stream).
        if let store = builder.declaredStores.first(where: { $0.name == name.value }) {
            return (store.keyType, store.valueType)
        }
        let tableStores = spec.tables.map { $0.store?.value ?? $0.name.value }
        let known = tableStores + builder.declaredStores.map(\.name).filter { !tableStores.contains($0) }
        reader.error("unknown store '\(name.value)'; known stores: \(known.joined(separator: ", "))", at: name.location)
        return nil
    }

    /// Compiles a key or value builder into a function of the request that checks the declared type;
    /// an expression that can never give `type` is reported ("<subject> gives int32, but <destination> string").
    private mutating func requestFunction(
        _ spec: BuilderSpec, _ layout: ScopeLayout, type: ValueType,
        field: String, subject: String, destination: String
    ) -> RequestFunction? {
        switch spec {
        case .expression(let source):
            guard let expr = expressions.compile(source, layout, reader: &reader) else { return nil }
            expect(expr, at: source, fits: type, subject: subject, destination: destination)
            let blamed =
                (expr.referencedPaths(of: "body").first ?? expr.referencedPaths(of: "path").first)?
                .joined(separator: ".") ?? field
            return { request in
                var scope = Scope(slotCount: 3)
                scope[0] = request.body
                scope[1] = request.path
                scope[2] = request.query
                let value: Value
                do { value = try expr.evaluate(scope) } catch {
                    throw EvaluationError.rewording(
                        error, as: "field '\(blamed)': \(error)", field: blamed, otherwise: .failed)
                }
                return try ValueConformance.conform(value, to: type, field: blamed)
            }
        case .record(let fields, let location):
            guard type.kind == .record || type.kind == .any else {
                reader.error("\(field) has type \(type), so it takes one expression, not fields", at: location)
                return nil
            }
            var parts: [(String, RequestFunction)] = []
            for declared in type.fields where !fields.contains(where: { $0.name == declared.name }) {
                reader.error("\(field) is missing field '\(declared.name)' of \(type)", at: location)
            }
            for part in fields {
                guard let fieldType = type.kind == .any ? .json : type.field(part.name) else {
                    reader.error(
                        "\(type) has no field '\(part.name)'; fields: \(type.fields.map(\.name).joined(separator: ", "))",
                        at: location)
                    continue
                }
                if let function = requestFunction(
                    part.builder, layout, type: fieldType, field: part.name,
                    subject: "field '\(part.name)' of \(subject)",
                    destination: "field '\(part.name)' of \(type) is")
                {
                    parts.append((part.name, function))
                }
            }
            let builders = parts
            return { request in
                var out = Fields()
                for (name, function) in builders { out.set(name, try function(request)) }
                return .record(out)
            }
        }
    }
}

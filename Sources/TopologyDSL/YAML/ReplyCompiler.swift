/// Renders a reply from the values of a reply layout, in order.
typealias ReplyRenderer = @Sendable ([Value]) throws -> ReplyBody

extension TopologyCompiler {
    /// A renderer for a template (text/plain) or a JSON object of expressions; by default, JSON of every slot.
    mutating func reply(_ spec: ReplySpec?, _ layout: ScopeLayout) -> ReplyRenderer? {
        switch spec {
        case .template(let source)?:
            guard let template = expressions.template(source, layout, reader: &reader) else { return nil }
            return { values in
                ReplyBody(
                    contentType: "text/plain; charset=utf-8", bytes: Array(try template.render(Scope(values)).utf8))
            }
        case .json(let builder)?:
            guard let build = jsonBuilder(builder, layout) else { return nil }
            return { values in
                ReplyBody(contentType: "application/json", bytes: JSONWriter.encode(try build(Scope(values))))
            }
        case nil:
            let names = layout.names
            return { values in
                var fields = Fields()
                for (name, value) in zip(names, values) { fields.set(name, value) }
                return ReplyBody(contentType: "application/json", bytes: JSONWriter.encode(.record(fields)))
            }
        }
    }

    private mutating func jsonBuilder(_ spec: BuilderSpec, _ layout: ScopeLayout) -> (
        @Sendable (Scope) throws -> Value
    )? {
        switch spec {
        case .expression(let source):
            guard let expr = expressions.compile(source, layout, reader: &reader) else { return nil }
            return { scope in
                try expr.evaluate(scope)
            }
        case .record(let fields, _):
            var parts: [(String, @Sendable (Scope) throws -> Value)] = []
            for field in fields {
                if let part = jsonBuilder(field.builder, layout) { parts.append((field.name, part)) }
            }
            let builders = parts
            return { scope in
                var out = Fields()
                for (name, part) in builders { out.set(name, try part(scope)) }
                return .record(out)
            }
        }
    }
}

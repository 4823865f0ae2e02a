/// Type-checks a parsed expression against a `ScopeLayout` and turns every node into a closure.
///
/// Errors are collected (a failed node becomes an `any`-typed stand-in) so one pass reports them all.
struct ExpressionCompiler {
    let layout: ScopeLayout
    let functions: ExpressionFunctions
    private(set) var errors: [ExpressionError] = []

    init(layout: ScopeLayout, functions: ExpressionFunctions) {
        self.layout = layout
        self.functions = functions
    }

    mutating func compile(_ node: ExpressionNode) -> TypedEvaluator {
        switch node.kind {
        case .literal(let value):
            return literal(value)
        case .variable(let name):
            return variable(name, at: node.span)
        case .field(let base, let name, let nameSpan):
            return field(compile(base), name, at: nameSpan)
        case .index(let base, let index):
            return self.index(compile(base), compile(index), indexNode: index)
        case .unary(let op, let operand):
            return unary(op, compile(operand), at: node.span)
        case .binary(let op, let lhs, let rhs, let operatorSpan):
            return binary(op, compile(lhs), compile(rhs), at: operatorSpan)
        case .coalesce(let lhs, let rhs):
            return coalesce(compile(lhs), compile(rhs), at: node.span)
        case .conditional(let condition, let whenTrue, let whenFalse):
            return conditional(
                compile(condition), compile(whenTrue), compile(whenFalse),
                conditionSpan: condition.span, at: node.span)
        case .call(let name, let nameSpan, let arguments):
            return call(name, nameSpan: nameSpan, arguments: arguments)
        case .object(let entries):
            return object(entries)
        case .list(let items):
            return list(items.map { compile($0) })
        }
    }

    /// Records an error and returns the `any`-typed stand-in.
    mutating func report(_ message: String, at span: ExpressionSpan) -> TypedEvaluator {
        errors.append(ExpressionError(message, at: span))
        return .invalid
    }

    private func literal(_ value: Value) -> TypedEvaluator {
        let type: ValueType =
            switch value {
            case .int(let i): TypeRules.literalType(i)
            case .double: .double
            case .string: .string
            case .bool: .bool
            default: .null
            }
        return .literal(value, type)
    }

    private mutating func variable(_ name: String, at span: ExpressionSpan) -> TypedEvaluator {
        guard let slot = layout.slot(of: name) else {
            let known =
                layout.count == 0
                ? "no variables are available here"
                : "known variables: " + layout.names.joined(separator: ", ")
            return report("unknown variable '\(name)'; \(known)", at: span)
        }
        return TypedEvaluator(layout.variables[slot].type) { scope in scope.slots[slot] }
    }

    /// `{a: x, b: y}`: a record type named after its fields, built from a shared field-name template.
    private mutating func object(_ entries: [ExpressionNode.ObjectEntry]) -> TypedEvaluator {
        var fieldTypes: [ValueType.Field] = []
        var compiled: [ExpressionEvaluator] = []
        for entry in entries {
            let value = compile(entry.value)
            fieldTypes.append(.init(entry.key, value.type))
            compiled.append(value.evaluate)
        }
        let evaluators = compiled
        let name = "{" + fieldTypes.map { "\($0.name): \($0.type)" }.joined(separator: ", ") + "}"
        let template = Fields(entries.map { ($0.key, Value.null) })
        let keys = entries.map(\.key)
        return TypedEvaluator(.record(name, fieldTypes)) { scope throws(EvaluationError) in
            var fields = template
            for i in 0..<evaluators.count { fields.set(keys[i], try evaluators[i](scope)) }
            return .record(fields)
        }
    }

    private func list(_ items: [TypedEvaluator]) -> TypedEvaluator {
        let evaluators = items.map(\.evaluate)
        return TypedEvaluator(.list) { scope throws(EvaluationError) in
            var values: [Value] = []
            values.reserveCapacity(evaluators.count)
            for evaluate in evaluators { values.append(try evaluate(scope)) }
            return .list(values)
        }
    }
}

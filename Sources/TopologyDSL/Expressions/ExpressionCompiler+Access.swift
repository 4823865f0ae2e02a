/// Compiling `a.b`, `a["b"]` and `a[0]`: static field checks on record types, dynamic access on `any`.
extension ExpressionCompiler {
    mutating func field(_ base: TypedEvaluator, _ name: String, at nameSpan: ExpressionSpan) -> TypedEvaluator {
        let type = base.type
        var fieldType = ValueType.any
        var hint: Int?
        switch type.kind {
        case .any, .null:
            break
        case .record:
            guard let index = type.fields.firstIndex(where: { $0.name == name }) else {
                let known =
                    type.fields.isEmpty
                    ? "it has no fields"
                    : "fields: " + type.fields.map(\.name).joined(separator: ", ")
                return report("\(type) has no field '\(name)'; \(known)", at: nameSpan)
            }
            fieldType = type.fields[index].type
            hint = index
        default:
            return report("cannot access field '\(name)' on a value of type \(type)", at: nameSpan)
        }
        let (evaluateBase, fieldHint) = (base.evaluate, hint)
        return TypedEvaluator(fieldType) { scope throws(EvaluationError) in
            try ValueAccess.field(try evaluateBase(scope), name, hint: fieldHint)
        }
    }

    mutating func index(_ base: TypedEvaluator, _ index: TypedEvaluator, indexNode: ExpressionNode)
        -> TypedEvaluator
    {
        if case .string(let name)? = index.constant {
            return field(base, name, at: indexNode.span)
        }
        let expected: Set<ValueType.Kind>
        switch base.type.kind {
        case .list: expected = [.int32, .int64]
        case .record: expected = [.string]
        case .any, .null: expected = [.int32, .int64, .string]
        default:
            return report("cannot index a value of type \(base.type)", at: indexNode.span)
        }
        guard TypeRules.admits(index.type, expected) else {
            let wanted = base.type.kind == .list ? "an integer" : "a string"
            return report("index must be \(wanted), got \(index.type)", at: indexNode.span)
        }
        let (evaluateBase, evaluateIndex) = (base.evaluate, index.evaluate)
        return TypedEvaluator(.any) { scope throws(EvaluationError) in
            try ValueAccess.index(try evaluateBase(scope), try evaluateIndex(scope))
        }
    }
}

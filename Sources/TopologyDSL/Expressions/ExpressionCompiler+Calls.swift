/// Compiling `name(args)`: registry lookup, arity and argument-kind checks, result typing.
extension ExpressionCompiler {
    mutating func call(_ name: String, nameSpan: ExpressionSpan, arguments: [ExpressionNode]) -> TypedEvaluator {
        let compiled = arguments.map { compile($0) }
        guard let function = functions[name] else {
            return report(
                "unknown function '\(name)'; available: "
                    + functions.names.joined(separator: ", "), at: nameSpan)
        }
        guard function.arity.contains(compiled.count) else {
            return report("\(name)() takes \(function.arityDescription), got \(compiled.count)", at: nameSpan)
        }
        var failed = false
        for (i, argument) in compiled.enumerated() {
            guard let kinds = function.accepted(at: i), !TypeRules.admits(argument.type, kinds) else { continue }
            let wanted = kinds.map(\.name).sorted().joined(separator: " or ")
            _ = report(
                "\(name)() expects \(wanted) for argument \(i + 1), got \(argument.type)",
                at: arguments[i].span)
            failed = true
        }
        if failed { return .invalid }
        let type: ValueType
        switch function.resultType(compiled.map(\.type)) {
        case .success(let result): type = result
        case .failure(let error):
            let span = error.argument.flatMap { arguments.indices.contains($0) ? arguments[$0].span : nil }
            return report(error.message, at: span ?? nameSpan)
        }
        return TypedEvaluator(type, Self.invoke(function.body, compiled.map(\.evaluate)))
    }

    private static func invoke(
        _ body: ExpressionFunction.Body,
        _ arguments: [ExpressionEvaluator]
    ) -> ExpressionEvaluator {
        switch body {
        case .unary(let f):
            let a = arguments[0]
            return { scope throws(EvaluationError) in try f(try a(scope)) }
        case .binary(let f):
            let (a, b) = (arguments[0], arguments[1])
            return { scope throws(EvaluationError) in try f(try a(scope), try b(scope)) }
        case .evaluators(let f):
            return { scope throws(EvaluationError) in try f(arguments, scope) }
        }
    }
}

import TopologyDSL

/// An operator plugin: clamps integer values into `[min, max]` (its `with:` parameters).
struct ClampOperator: OperatorPlugin {
    var name: String { "clamp" }

    func makeTransform(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws -> RecordTransform
    {
        guard let low = parameters["min"].flatMap(Int64.init), let high = parameters["max"].flatMap(Int64.init),
            low <= high
        else {
            throw EvaluationError("clamp needs integer parameters min <= max, got \(parameters)")
        }
        return .mapValues(to: .int64) { value in
            guard case .int(let number) = value else {
                throw EvaluationError("clamp takes integers, got \(value.kindName)")
            }
            return .int(Swift.min(Swift.max(number, low), high))
        }
    }
}

import TopologyDSL

/// Picks the branch of an Avro union that a dynamically typed `Value` is written as: the first
/// branch that holds it exactly (an int that fits an `int`, a string that is one of an enum's
/// symbols, a record with the branch's fields), else the first that holds it by widening.
enum AvroUnionBranch {
    static func index(for value: Value, in branches: [AvroType], names: [String: AvroType]) -> Int? {
        var widening: Int?
        for (i, branch) in branches.enumerated() {
            switch (value, AvroNames.resolve(branch, names)) {
            case (.null, .null), (.bool, .boolean), (.double, .double), (.list, .array), (.int, .long),
                (.string, .string), (.bytes, .bytes):
                return i
            case (.int(let n), .int):
                if Int32(exactly: n) != nil { return i }
            case (.string(let s), .enumeration(let e)):
                if e.symbols.contains(s) { return i }
            case (.bytes(let b), .fixed(let f)):
                if b.count == f.size { return i }
            case (.record(let fields), .record(let record)):
                if record.fields.allSatisfy({
                    fields[$0.name] != nil || $0.defaultValue != nil || isNullable($0.type, names)
                }) {
                    return i
                }
            case (.int, .double), (.int, .float), (.double, .float), (.string, .bytes), (.record, .map):
                widening = widening ?? i
            default:
                break
            }
        }
        return widening
    }

    /// Whether `type` is `null` or a union with a `null` branch (a missing field may be written as null).
    static func isNullable(_ type: AvroType, _ names: [String: AvroType]) -> Bool {
        switch AvroNames.resolve(type, names) {
        case .null: true
        case .union(let branches): branches.contains { if case .null = $0 { true } else { false } }
        default: false
        }
    }
}

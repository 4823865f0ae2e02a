import TopologyDSL

/// Turns a value decoded with a writer's schema into the reader's schema (schema evolution): reader
/// fields the writer lacks take their defaults, dropped fields go, ints widen, enums map by symbol,
/// union branches are chosen by the value. avro-c's own resolver ignores defaults, hence this one.
struct AvroResolver: Sendable {
    private let rules: AvroCompatibility
    private let writerRoot: AvroType
    private let readerRoot: AvroType
    private let plans: [AvroCompatibility.RecordPair: [AvroCompatibility.FieldSource]]

    /// Checks that `writer` data can be read as `reader`; throws naming the first incompatibility.
    init(writer: AvroSchema, reader: AvroSchema) throws(SerdeError) {
        rules = AvroCompatibility(writerNames: writer.names, readerNames: reader.names)
        writerRoot = writer.type
        readerRoot = reader.type
        var plans: [AvroCompatibility.RecordPair: [AvroCompatibility.FieldSource]] = [:]
        try rules.check(writer.type, reader.type, plans: &plans)
        self.plans = plans
    }

    /// `value` (decoded with the writer's schema) as the reader's schema expects it.
    func resolve(_ value: Value) throws(SerdeError) -> Value {
        try resolve(value, from: writerRoot, to: readerRoot)
    }

    private func resolve(_ value: Value, from writer: AvroType, to reader: AvroType) throws(SerdeError) -> Value {
        let w = AvroNames.resolve(writer, rules.writerNames)
        let r = AvroNames.resolve(reader, rules.readerNames)
        switch (w, r) {
        case (.union(let branches), _):
            guard let index = AvroUnionBranch.index(for: value, in: branches, names: rules.writerNames) else {
                throw SerdeError("a \(value.kindName) matches no branch of the writer's union")
            }
            return try resolve(value, from: branches[index], to: r)
        case (_, .union(let branches)):
            let resolved = branches.map { AvroNames.resolve($0, rules.readerNames) }
            guard
                let index = resolved.firstIndex(where: { rules.matches(w, $0, promoting: false) })
                    ?? resolved.firstIndex(where: { rules.matches(w, $0, promoting: true) })
            else { throw SerdeError("the writer's \(w.typeName) matches no branch of the reader's union") }
            return try resolve(value, from: w, to: resolved[index])
        case (.record(let wr), .record(let rr)):
            guard case .record(let fields) = value else { throw SerdeError("expected a record, got \(value.kindName)") }
            let pair = AvroCompatibility.RecordPair(writer: wr.fullName, reader: rr.fullName)
            let plan: [AvroCompatibility.FieldSource]
            if let known = plans[pair] { plan = known } else { plan = try rules.recordPlan(wr, rr) }
            var pairs: [(String, Value)] = []
            pairs.reserveCapacity(plan.count)
            for (field, source) in zip(rr.fields, plan) {
                switch source {
                case .defaultValue(let fallback):
                    pairs.append((field.name, fallback))
                case .writer(let index, let wt, let rt):
                    let name = wr.fields[index].name
                    let item =
                        index < fields.count && fields.names[index] == name
                        ? fields.values[index] : fields[name] ?? .null
                    do { pairs.append((field.name, try resolve(item, from: wt, to: rt))) } catch {
                        throw SerdeError(
                            error.description, field: error.field.map { "\(field.name).\($0)" } ?? field.name)
                    }
                }
            }
            return .record(Fields(pairs))
        case (.enumeration, .enumeration(let re)):
            guard case .string(let symbol) = value else {
                throw SerdeError("expected an enum symbol, got \(value.kindName)")
            }
            if re.symbols.contains(symbol) { return value }
            if let fallback = re.defaultSymbol { return .string(fallback) }
            throw SerdeError("the symbol '\(symbol)' is not in the reader's enum \(re.fullName), which has no default")
        case (.array(let wi), .array(let ri)):
            guard case .list(let items) = value else { throw SerdeError("expected a list, got \(value.kindName)") }
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try resolve(item, from: wi, to: ri)) }
            return .list(out)
        case (.map(let wv), .map(let rv)):
            guard case .record(let entries) = value else { throw SerdeError("expected a map, got \(value.kindName)") }
            var out: [(String, Value)] = []
            for (key, item) in entries { out.append((key, try resolve(item, from: wv, to: rv))) }
            return .record(Fields(out))
        case (.int, .float), (.int, .double), (.long, .float), (.long, .double):
            guard case .int(let i) = value else { return value }
            return .double(Double(i))
        case (.string, .bytes):
            guard case .string(let s) = value else { return value }
            return .bytes(Array(s.utf8))
        case (.bytes, .string):
            guard case .bytes(let b) = value else { return value }
            guard let s = String(validating: b, as: UTF8.self) else {
                throw SerdeError("writer bytes are not valid UTF-8 for a reader string")
            }
            return .string(s)
        default:
            guard rules.matches(w, r, promoting: true) else {
                throw SerdeError("the writer's \(w.typeName) cannot be read as the reader's \(r.typeName)")
            }
            return value
        }
    }
}

import TopologyDSL

/// Schema resolution rules (Avro specification, "Schema Resolution") between a writer's and a
/// reader's schema: which types read as which, and for each pair of records where every reader
/// field comes from (a writer field, by name or alias, or the reader's default).
struct AvroCompatibility {
    let writerNames: [String: AvroType]
    let readerNames: [String: AvroType]

    /// Where one reader field's value comes from.
    enum FieldSource: Sendable {
        case writer(index: Int, writerType: AvroType, readerType: AvroType)
        case defaultValue(Value)
    }

    /// A (writer record, reader record) pair by full names.
    struct RecordPair: Hashable, Sendable {
        let writer: String
        let reader: String
    }

    /// Checks that data of `writer` can be read as `reader`, recording a plan for each record pair met.
    /// Union branches are matched when data arrives, as the specification says.
    func check(_ writer: AvroType, _ reader: AvroType, plans: inout [RecordPair: [FieldSource]]) throws(SerdeError) {
        let w = AvroNames.resolve(writer, writerNames)
        let r = AvroNames.resolve(reader, readerNames)
        switch (w, r) {
        case (.union, _), (_, .union):
            return
        case (.record(let wr), .record(let rr)):
            let pair = RecordPair(writer: wr.fullName, reader: rr.fullName)
            if plans[pair] != nil { return }
            let plan = try recordPlan(wr, rr)
            plans[pair] = plan
            for case .writer(_, let wt, let rt) in plan { try check(wt, rt, plans: &plans) }
        case (.array(let wi), .array(let ri)), (.map(let wi), .map(let ri)):
            try check(wi, ri, plans: &plans)
        default:
            guard matches(w, r, promoting: true) else {
                throw SerdeError("the writer's \(describe(w)) cannot be read as the reader's \(describe(r))")
            }
        }
    }

    /// The sources of `reader`'s fields in data written with `writer`.
    func recordPlan(_ writer: AvroRecordType, _ reader: AvroRecordType) throws(SerdeError) -> [FieldSource] {
        guard namesMatch(writer.fullName, reader.fullName, aliases: reader.aliases) else {
            throw SerdeError(
                "the writer's record \(writer.fullName) does not match the reader's record \(reader.fullName)")
        }
        var plan: [FieldSource] = []
        for field in reader.fields {
            if let index = writer.fields.firstIndex(where: { $0.name == field.name || field.aliases.contains($0.name) })
            {
                plan.append(.writer(index: index, writerType: writer.fields[index].type, readerType: field.type))
            } else if let fallback = field.defaultValue {
                plan.append(.defaultValue(fallback))
            } else {
                throw SerdeError(
                    "the reader's field '\(field.name)' of \(reader.name) has no default and the writer's schema lacks it",
                    field: field.name)
            }
        }
        return plan
    }

    /// Whether writer data of type `w` reads as `r` (both resolved): the same primitive, named types
    /// with matching names, or (when `promoting`) int/long/float widening and string/bytes.
    func matches(_ w: AvroType, _ r: AvroType, promoting: Bool) -> Bool {
        switch (w, r) {
        case (.null, .null), (.boolean, .boolean), (.int, .int), (.long, .long), (.float, .float),
            (.double, .double), (.bytes, .bytes), (.string, .string), (.array, .array), (.map, .map):
            return true
        case (.record(let a), .record(let b)): return namesMatch(a.fullName, b.fullName, aliases: b.aliases)
        case (.enumeration(let a), .enumeration(let b)): return namesMatch(a.fullName, b.fullName, aliases: b.aliases)
        case (.fixed(let a), .fixed(let b)):
            return a.size == b.size && namesMatch(a.fullName, b.fullName, aliases: b.aliases)
        case (.int, .long), (.int, .float), (.int, .double), (.long, .float), (.long, .double), (.float, .double),
            (.string, .bytes), (.bytes, .string):
            return promoting
        default: return false
        }
    }

    /// Unqualified names are equal, or the reader lists the writer's name among its aliases.
    func namesMatch(_ writer: String, _ reader: String, aliases: [String]) -> Bool {
        AvroNames.shortName(writer) == AvroNames.shortName(reader) || aliases.contains(writer)
            || aliases.contains { AvroNames.shortName($0) == AvroNames.shortName(writer) }
    }

    func describe(_ type: AvroType) -> String { type.fullName.map { "\(type.typeName) \($0)" } ?? type.typeName }
}

import TopologyDSL

extension AvroSchema {
    /// What keeps this schema, as a reader, from reading data written with `writer` (Avro's schema
    /// resolution rules, as a registry's BACKWARD check applies them); empty when it can. Each problem
    /// names its field path, e.g. `field 'region': the reader's field has no default and the writer lacks it`.
    public func incompatibilities(readingDataWrittenWith writer: AvroSchema) -> [String] {
        var collector = AvroCompatibilityCollector(
            rules: AvroCompatibility(writerNames: writer.names, readerNames: names))
        collector.visit(writer.type, type, path: "")
        return collector.problems
    }

    /// Whether this schema can read everything written with `writer`.
    public func canRead(dataWrittenWith writer: AvroSchema) -> Bool {
        incompatibilities(readingDataWrittenWith: writer).isEmpty
    }
}

/// Walks a writer's and a reader's schema together and lists every incompatibility (rather than
/// stopping at the first, as decoding does). Every branch of a writer's union must be readable.
struct AvroCompatibilityCollector {
    let rules: AvroCompatibility
    private(set) var problems: [String] = []
    private var visited: Set<AvroCompatibility.RecordPair> = []

    init(rules: AvroCompatibility) { self.rules = rules }

    mutating func visit(_ writer: AvroType, _ reader: AvroType, path: String) {
        let w = AvroNames.resolve(writer, rules.writerNames)
        let r = AvroNames.resolve(reader, rules.readerNames)
        switch (w, r) {
        case (.union(let branches), _):
            for branch in branches { visit(branch, r, path: path) }
        case (_, .union(let branches)):
            let resolved = branches.map { AvroNames.resolve($0, rules.readerNames) }
            guard
                let match = resolved.first(where: { rules.matches(w, $0, promoting: false) })
                    ?? resolved.first(where: { rules.matches(w, $0, promoting: true) })
            else { return problem(path, "the writer's \(rules.describe(w)) matches no branch of the reader's union") }
            visit(w, match, path: path)
        case (.record(let wr), .record(let rr)):
            guard rules.namesMatch(wr.fullName, rr.fullName, aliases: rr.aliases) else {
                return problem(
                    path, "the writer's record \(wr.fullName) does not match the reader's record \(rr.fullName)")
            }
            guard visited.insert(.init(writer: wr.fullName, reader: rr.fullName)).inserted else { return }
            for field in rr.fields {
                let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
                if let source = wr.fields.first(where: { $0.name == field.name || field.aliases.contains($0.name) }) {
                    visit(source.type, field.type, path: fieldPath)
                } else if field.defaultValue == nil {
                    problem(fieldPath, "the reader's field has no default and the writer lacks it")
                }
            }
        case (.enumeration(let we), .enumeration(let re)):
            guard rules.namesMatch(we.fullName, re.fullName, aliases: re.aliases) else {
                return problem(path, "the writer's enum \(we.fullName) does not match the reader's enum \(re.fullName)")
            }
            let missing = we.symbols.filter { !re.symbols.contains($0) }
            if !missing.isEmpty && re.defaultSymbol == nil {
                problem(
                    path,
                    "the reader's enum \(re.fullName) lacks the symbols \(missing.joined(separator: ", ")) and has no default"
                )
            }
        case (.array(let wi), .array(let ri)):
            visit(wi, ri, path: path + "[]")
        case (.map(let wv), .map(let rv)):
            visit(wv, rv, path: path + "{}")
        default:
            if !rules.matches(w, r, promoting: true) {
                problem(path, "the writer's \(rules.describe(w)) cannot be read as the reader's \(rules.describe(r))")
            }
        }
    }

    private mutating func problem(_ path: String, _ message: String) {
        problems.append(path.isEmpty ? message : "field '\(path)': \(message)")
    }
}

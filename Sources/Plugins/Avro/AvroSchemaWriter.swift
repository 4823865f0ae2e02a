import TopologyDSL

/// Writes an `AvroType` back as JSON text: either Avro's Parsing Canonical Form (full names, only
/// the attributes that matter for parsing, in the order name, type, fields, symbols, items, values,
/// size; no whitespace) or a self-contained full form that also keeps defaults and aliases.
/// A named type is written in full where it first occurs in the output, by name afterwards, so a
/// sub-schema referring to types defined elsewhere still comes out standalone.
struct AvroSchemaWriter {
    let names: [String: AvroType]
    let canonical: Bool
    private var written: Set<String> = []
    private var out = ""

    init(names: [String: AvroType], canonical: Bool) {
        self.names = names
        self.canonical = canonical
    }

    /// The Parsing Canonical Form of `type`.
    static func canonicalForm(_ type: AvroType, names: [String: AvroType]) -> String {
        var writer = AvroSchemaWriter(names: names, canonical: true)
        writer.write(type)
        return writer.out
    }

    /// A standalone full JSON text of `type` (defaults and aliases kept, docs dropped).
    static func fullJSON(_ type: AvroType, names: [String: AvroType]) -> String {
        var writer = AvroSchemaWriter(names: names, canonical: false)
        writer.write(type)
        return writer.out
    }

    private mutating func write(_ type: AvroType) {
        switch type {
        case .null, .boolean, .int, .long, .float, .double, .bytes, .string:
            string(type.typeName)
        case .reference(let name):
            if written.contains(name) {
                string(name)
            } else if let definition = names[name] {
                write(definition)
            } else {
                string(name)
            }
        case .union(let branches):
            out += "["
            for (i, branch) in branches.enumerated() {
                if i > 0 { out += "," }
                write(branch)
            }
            out += "]"
        case .array(let items):
            out += "{\"type\":\"array\",\"items\":"
            write(items)
            out += "}"
        case .map(let values):
            out += "{\"type\":\"map\",\"values\":"
            write(values)
            out += "}"
        case .record(let record):
            if written.contains(record.fullName) { return string(record.fullName) }
            written.insert(record.fullName)
            name(record.fullName)
            out += ",\"type\":\"record\""
            aliases(record.aliases)
            out += ",\"fields\":["
            for (i, field) in record.fields.enumerated() {
                if i > 0 { out += "," }
                out += "{\"name\":"
                string(field.name)
                out += ",\"type\":"
                write(field.type)
                if !canonical, let json = field.defaultJSON { out += ",\"default\":" + JSONWriter.string(json) }
                aliases(field.aliases)
                out += "}"
            }
            out += "]}"
        case .enumeration(let e):
            if written.contains(e.fullName) { return string(e.fullName) }
            written.insert(e.fullName)
            name(e.fullName)
            out += ",\"type\":\"enum\""
            aliases(e.aliases)
            out += ",\"symbols\":["
            for (i, symbol) in e.symbols.enumerated() {
                if i > 0 { out += "," }
                string(symbol)
            }
            out += "]"
            if !canonical, let d = e.defaultSymbol {
                out += ",\"default\":"
                string(d)
            }
            out += "}"
        case .fixed(let f):
            if written.contains(f.fullName) { return string(f.fullName) }
            written.insert(f.fullName)
            name(f.fullName)
            out += ",\"type\":\"fixed\""
            aliases(f.aliases)
            out += ",\"size\":\(f.size)}"
        }
    }

    /// `{"name":` and the full name (canonical), or the short name and an explicit namespace (full form,
    /// so a nested type in the null namespace is not re-qualified by its enclosing one).
    private mutating func name(_ fullName: String) {
        out += "{\"name\":"
        if canonical { return string(fullName) }
        string(AvroNames.shortName(fullName))
        out += ",\"namespace\":"
        string(AvroNames.namespace(fullName) ?? "")
    }

    private mutating func aliases(_ list: [String]) {
        guard !canonical, !list.isEmpty else { return }
        out += ",\"aliases\":["
        for (i, alias) in list.enumerated() {
            if i > 0 { out += "," }
            string(alias)
        }
        out += "]"
    }

    private mutating func string(_ s: String) {
        var bytes: [UInt8] = []
        JSONWriter.writeString(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }
}

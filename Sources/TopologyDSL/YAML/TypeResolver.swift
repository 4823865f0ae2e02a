/// Resolves type names in a topology file: the built-in primitives and the file's own record types.
struct TypeResolver {
    private(set) var declared: [String: ValueType] = [:]
    let knownSerdes: Set<String>

    init(types: [TypeSpec], knownSerdes: Set<String>, reader: inout YAMLReader) {
        self.knownSerdes = knownSerdes
        for spec in types {
            if ValueType.builtins[spec.name.value] != nil {
                reader.error("type '\(spec.name.value)' shadows a built-in type", at: spec.name.location)
            }
            var fields: [ValueType.Field] = []
            for field in spec.fields {
                guard let type = ValueType.builtins[field.type.value] else {
                    reader.error("unknown type '\(field.type.value)' for field '\(field.name)'; record fields take: "
                                 + ValueType.builtins.keys.sorted().joined(separator: ", "), at: field.type.location)
                    continue
                }
                fields.append(.init(field.name, type))
            }
            let serde = spec.serde?.value ?? "json"
            if !knownSerdes.contains(serde), let location = spec.serde?.location {
                reader.error("unknown format '\(serde)'; known: \(knownSerdes.sorted().joined(separator: ", "))", at: location)
            }
            declared[spec.name.value] = .record(spec.name.value, fields, serde: serde)
        }
    }

    /// The type named `name`, or a diagnostic listing the known names. A serde plugin's name is a
    /// type too: values it reads are typed dynamically.
    func resolve(_ name: Located<String>, reader: inout YAMLReader) -> ValueType? {
        if let type = ValueType.builtins[name.value] ?? declared[name.value] { return type }
        if knownSerdes.contains(name.value) { return ValueType(name: name.value, kind: .any, serde: name.value) }
        let known = (Array(ValueType.builtins.keys) + Array(declared.keys)).sorted()
        reader.error("unknown type '\(name.value)'; known types: \(known.joined(separator: ", "))", at: name.location)
        return nil
    }
}

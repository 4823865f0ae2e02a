import Foundation

/// Resolves type names in a topology file: the built-in primitives and the file's own record types.
struct TypeResolver {
    private(set) var declared: [String: ValueType] = [:]
    let knownSerdes: Set<String>

    init(types: [TypeSpec], plugins: PluginRegistry, reader: inout YAMLReader) {
        knownSerdes = Set(plugins.serdeNames)
        for spec in types {
            if let file = spec.schemaFile {
                declared[spec.name.value] = Self.load(spec, file: file, plugins: plugins, reader: &reader)
                continue
            }
            if ValueType.builtins[spec.name.value] != nil {
                reader.error("type '\(spec.name.value)' shadows a built-in type", at: spec.name.location)
            }
            var fields: [ValueType.Field] = []
            for field in spec.fields {
                guard let type = ValueType.builtins[field.type.value] else {
                    reader.error(
                        "unknown type '\(field.type.value)' for field '\(field.name)'; record fields take: "
                            + ValueType.builtins.keys.sorted().joined(separator: ", "), at: field.type.location)
                    continue
                }
                fields.append(.init(field.name, type))
            }
            let serde = spec.serde?.value ?? "json"
            if !knownSerdes.contains(serde), let location = spec.serde?.location {
                reader.error(
                    "unknown format '\(serde)'; known: \(knownSerdes.sorted().joined(separator: ", "))", at: location)
            }
            declared[spec.name.value] = .record(spec.name.value, fields, serde: serde)
        }
    }

    /// The type a schema file defines, read by the serde plugin of its format; the file's path is
    /// relative to the topology file.
    private static func load(
        _ spec: TypeSpec, file: Located<String>, plugins: PluginRegistry,
        reader: inout YAMLReader
    ) -> ValueType? {
        let format = spec.serde?.value ?? "avro"
        guard let plugin = plugins.serdes[format] else {
            reader.error("no '\(format)' serde plugin is registered to read \(file.value)", at: file.location)
            return nil
        }
        var path = file.value
        if !path.hasPrefix("/") {
            let base = (reader.file as NSString).deletingLastPathComponent
            path = base.isEmpty ? path : base + "/" + path
        }
        do {
            guard let type = try plugin.loadType(named: spec.name.value, file: path) else {
                reader.error("the '\(format)' format has no schema files", at: file.location)
                return nil
            }
            return type
        } catch {
            reader.error("cannot read type '\(spec.name.value)' from \(path): \(error)", at: file.location)
            return nil
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

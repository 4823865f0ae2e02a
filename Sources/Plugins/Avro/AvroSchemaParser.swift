import TopologyDSL

/// Parses Avro schema JSON (already read as a `Value`) into an `AvroType` tree, resolving names
/// against namespaces as the Avro specification says and collecting the named types.
struct AvroSchemaParser {
    /// Every named type met so far, by full name (the definition, never a reference).
    private(set) var names: [String: AvroType] = [:]
    /// Named types whose definition is being parsed (a reference to one is a recursive use).
    private var pending: Set<String> = []
    private var depth = 0
    private static let maxDepth = 64

    /// Parses `json` (a type name, a union array or a type object) in the enclosing `namespace`.
    mutating func parse(_ json: Value, namespace: String?) throws(AvroError) -> AvroType {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth { throw AvroError("Avro schema nested more than \(Self.maxDepth) levels deep") }
        switch json {
        case .string(let name):
            return try named(name, namespace: namespace)
        case .list(let branches):
            var types: [AvroType] = []
            for branch in branches {
                let type = try parse(branch, namespace: namespace)
                if case .union = type { throw AvroError("a union may not directly contain another union") }
                types.append(type)
            }
            return .union(types)
        case .record(let object):
            return try parseObject(object, namespace: namespace)
        default:
            throw AvroError(
                "an Avro schema must be a type name, an array (union) or an object, got \(json.kindName)")
        }
    }

    /// A primitive type name, or a reference to a named type defined earlier.
    private func named(_ name: String, namespace: String?) throws(AvroError) -> AvroType {
        if let primitive = AvroType.primitives[name] { return primitive }
        let qualified = name.contains(".") ? name : namespace.map { $0.isEmpty ? name : "\($0).\(name)" } ?? name
        if names[qualified] != nil || pending.contains(qualified) { return .reference(qualified) }
        if names[name] != nil || pending.contains(name) { return .reference(name) }
        throw AvroError("unknown Avro type '\(name)'" + (qualified != name ? " (looked for '\(qualified)')" : ""))
    }

    private mutating func parseObject(_ object: Fields, namespace: String?) throws(AvroError) -> AvroType {
        guard case .string(let typeName)? = object["type"] else {
            throw AvroError("an Avro schema object needs a \"type\" that is a string")
        }
        switch typeName {
        case "record", "error": return try parseRecord(object, namespace: namespace)
        case "enum":
            let (fullName, aliases) = try nameAndAliases(object, namespace: namespace)
            guard case .list(let list)? = object["symbols"] else {
                throw AvroError("enum \(fullName) needs \"symbols\"")
            }
            var symbols: [String] = []
            for symbol in list {
                guard case .string(let s) = symbol, Self.isValidName(s) else {
                    throw AvroError("enum \(fullName) has an invalid symbol \(JSONWriter.string(symbol))")
                }
                if symbols.contains(s) { throw AvroError("enum \(fullName) repeats the symbol '\(s)'") }
                symbols.append(s)
            }
            var defaultSymbol: String?
            if let d = object["default"] {
                guard case .string(let s) = d, symbols.contains(s) else {
                    throw AvroError("enum \(fullName) has a default that is not one of its symbols")
                }
                defaultSymbol = s
            }
            return try define(
                .enumeration(
                    .init(fullName: fullName, aliases: aliases, symbols: symbols, defaultSymbol: defaultSymbol)))
        case "fixed":
            let (fullName, aliases) = try nameAndAliases(object, namespace: namespace)
            guard case .int(let size)? = object["size"], size >= 0, size <= Int64(Int32.max) else {
                throw AvroError("fixed \(fullName) needs a non-negative integer \"size\"")
            }
            return try define(.fixed(.init(fullName: fullName, aliases: aliases, size: Int(size))))
        case "array":
            guard let items = object["items"] else { throw AvroError("an Avro array needs \"items\"") }
            return .array(items: try parse(items, namespace: namespace))
        case "map":
            guard let values = object["values"] else { throw AvroError("an Avro map needs \"values\"") }
            return .map(values: try parse(values, namespace: namespace))
        default:
            // {"type": "string", "logicalType": ...} and {"type": "SomeNamedType"}: the logical type is not kept.
            return try named(typeName, namespace: namespace)
        }
    }

    private mutating func parseRecord(_ object: Fields, namespace: String?) throws(AvroError) -> AvroType {
        let (fullName, aliases) = try nameAndAliases(object, namespace: namespace)
        guard case .list(let fieldList)? = object["fields"] else {
            throw AvroError("record \(fullName) needs \"fields\"")
        }
        pending.insert(fullName)
        defer { pending.remove(fullName) }
        let inner = AvroNames.namespace(fullName)
        var fields: [AvroField] = []
        for item in fieldList {
            guard case .record(let f) = item, case .string(let name)? = f["name"], Self.isValidName(name) else {
                throw AvroError("record \(fullName) has a field without a valid \"name\"")
            }
            if fields.contains(where: { $0.name == name }) {
                throw AvroError("record \(fullName) repeats the field '\(name)'")
            }
            guard let typeJSON = f["type"] else {
                throw AvroError("field '\(name)' of \(fullName) needs a \"type\"")
            }
            let type: AvroType
            do { type = try parse(typeJSON, namespace: inner) } catch {
                throw AvroError("field '\(name)' of \(fullName): \(error.description)")
            }
            var field = AvroField(
                name: name, type: type, aliases: Self.strings(f["aliases"]), defaultJSON: f["default"])
            if let json = field.defaultJSON {
                do { field.defaultValue = try AvroDefaults.value(json, for: type, names: names) } catch {
                    throw AvroError("field '\(name)' of \(fullName) has a bad default: \(error.description)")
                }
            }
            fields.append(field)
        }
        return try define(.record(.init(fullName: fullName, aliases: aliases, fields: fields)))
    }

    /// Records the definition of a named type; a second definition of one name is an error.
    private mutating func define(_ type: AvroType) throws(AvroError) -> AvroType {
        guard let fullName = type.fullName else { return type }
        if names[fullName] != nil { throw AvroError("the Avro type '\(fullName)' is defined twice") }
        names[fullName] = type
        return type
    }

    /// The full name of a named type (name, or namespace + name) and its aliases, qualified alike.
    private func nameAndAliases(_ object: Fields, namespace: String?) throws(AvroError) -> (String, [String]) {
        guard case .string(let name)? = object["name"] else {
            throw AvroError("a named Avro type needs a \"name\"")
        }
        var space = namespace
        if case .string(let s)? = object["namespace"] { space = s }
        let fullName = name.contains(".") || space == nil || space == "" ? name : "\(space!).\(name)"
        for part in fullName.split(separator: ".", omittingEmptySubsequences: false)
        where !Self.isValidName(String(part)) {
            throw AvroError("'\(fullName)' is not a valid Avro name")
        }
        if names[fullName] != nil || pending.contains(fullName) {
            throw AvroError("the Avro type '\(fullName)' is defined twice")
        }
        let ns = AvroNames.namespace(fullName)
        let aliases = Self.strings(object["aliases"]).map { $0.contains(".") || ns == nil ? $0 : "\(ns!).\($0)" }
        return (fullName, aliases)
    }

    private static func strings(_ json: Value?) -> [String] {
        guard case .list(let items)? = json else { return [] }
        return items.compactMap(\.stringValue)
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`, as the specification requires of names and symbols.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || (first | 0x20) >= 97 && (first | 0x20) <= 122
        else { return false }
        return name.utf8.allSatisfy { c in
            c == UInt8(ascii: "_") || (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122)
        }
    }
}

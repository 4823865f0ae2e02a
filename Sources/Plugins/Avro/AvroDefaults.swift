import TopologyDSL

/// Converts a field's JSON `default` into the `Value` a reader of that type gets, checking that it
/// fits the type (bytes and fixed defaults are strings of code points 0-255, as the spec says).
enum AvroDefaults {
    static func value(_ json: Value, for type: AvroType, names: [String: AvroType]) throws(AvroError) -> Value {
        switch (AvroNames.resolve(type, names), json) {
        case (.null, .null): return .null
        case (.boolean, .bool): return json
        case (.int, .int(let i)):
            guard Int32(exactly: i) != nil else { throw AvroError("\(i) does not fit in an Avro int") }
            return json
        case (.long, .int): return json
        case (.float, .int(let i)), (.double, .int(let i)): return .double(Double(i))
        case (.float, .double), (.double, .double): return json
        case (.string, .string): return json
        case (.bytes, .string(let s)): return .bytes(try latin1(s))
        case (.fixed(let f), .string(let s)):
            let bytes = try latin1(s)
            guard bytes.count == f.size else {
                throw AvroError("fixed \(f.fullName) needs \(f.size) bytes, the default has \(bytes.count)")
            }
            return .bytes(bytes)
        case (.enumeration(let e), .string(let s)):
            guard e.symbols.contains(s) else { throw AvroError("'\(s)' is not a symbol of \(e.fullName)") }
            return json
        case (.array(let items), .list(let list)):
            var out: [Value] = []
            for item in list { out.append(try value(item, for: items, names: names)) }
            return .list(out)
        case (.map(let values), .record(let object)):
            var out = Fields()
            for (key, item) in object { out.set(key, try value(item, for: values, names: names)) }
            return .record(out)
        case (.record(let record), .record(let object)):
            var pairs: [(String, Value)] = []
            for field in record.fields {
                if let given = object[field.name] {
                    pairs.append((field.name, try value(given, for: field.type, names: names)))
                } else if let fallback = field.defaultValue {
                    pairs.append((field.name, fallback))
                } else {
                    throw AvroError("the default for \(record.fullName) lacks the field '\(field.name)'")
                }
            }
            return .record(Fields(pairs))
        case (.union(let branches), _):
            // The specification ties a union's default to its first branch; other branches are
            // accepted too, as several Avro implementations do.
            var firstError: AvroError?
            for branch in branches {
                do { return try value(json, for: branch, names: names) } catch { firstError = firstError ?? error }
            }
            throw firstError ?? AvroError("an empty union has no default")
        case (let resolved, _):
            throw AvroError("\(JSONWriter.string(json)) is not a valid default for \(resolved.typeName)")
        }
    }

    private static func latin1(_ s: String) throws(AvroError) -> [UInt8] {
        var bytes: [UInt8] = []
        for scalar in s.unicodeScalars {
            guard scalar.value < 256 else { throw AvroError("a bytes default may only hold code points 0-255") }
            bytes.append(UInt8(scalar.value))
        }
        return bytes
    }
}

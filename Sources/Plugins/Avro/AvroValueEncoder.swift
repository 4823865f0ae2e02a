internal import CAvro
import TopologyDSL

/// Fills an avro-c generic value from a `Value`, checking it against the schema: records by field
/// name (a missing field takes its default, or null when nullable), unions by the value's kind.
/// Errors name the offending field path in `SerdeError.field`.
struct AvroValueEncoder {
    let names: [String: AvroType]

    func encode(_ value: Value, as type: AvroType, into target: inout avro_value_t) throws(SerdeError) {
        switch type {
        case .reference(let name):
            guard let definition = names[name] else { throw SerdeError("unknown Avro type '\(name)'") }
            try encode(value, as: definition, into: &target)
        case .null:
            guard value.isNull else { throw mismatch("null", value) }
            try check(sr_avro_value_set_null(&target))
        case .boolean:
            guard case .bool(let b) = value else { throw mismatch("a boolean", value) }
            try check(sr_avro_value_set_boolean(&target, b ? 1 : 0))
        case .int:
            guard case .int(let i) = value else { throw mismatch("an int", value) }
            guard let narrow = Int32(exactly: i) else { throw SerdeError("\(i) does not fit in an Avro int") }
            try check(sr_avro_value_set_int(&target, narrow))
        case .long:
            guard case .int(let i) = value else { throw mismatch("a long", value) }
            try check(sr_avro_value_set_long(&target, i))
        case .float:
            switch value {
            case .double(let d): try check(sr_avro_value_set_float(&target, Float(d)))
            case .int(let i): try check(sr_avro_value_set_float(&target, Float(i)))
            default: throw mismatch("a float", value)
            }
        case .double:
            switch value {
            case .double(let d): try check(sr_avro_value_set_double(&target, d))
            case .int(let i): try check(sr_avro_value_set_double(&target, Double(i)))
            default: throw mismatch("a double", value)
            }
        case .string:
            guard case .string(let s) = value else { throw mismatch("a string", value) }
            try setString(s, &target)
        case .bytes:
            switch value {
            case .bytes(var b):
                try check(b.withUnsafeMutableBytes { sr_avro_value_set_bytes(&target, $0.baseAddress, $0.count) })
            case .string(let s):
                var b = Array(s.utf8)
                try check(b.withUnsafeMutableBytes { sr_avro_value_set_bytes(&target, $0.baseAddress, $0.count) })
            default: throw mismatch("bytes", value)
            }
        case .fixed(let f):
            guard case .bytes(var b) = value else { throw mismatch("\(f.size) bytes (fixed \(f.fullName))", value) }
            guard b.count == f.size else {
                throw SerdeError("fixed \(f.fullName) takes \(f.size) bytes, got \(b.count)")
            }
            try check(b.withUnsafeMutableBytes { sr_avro_value_set_fixed(&target, $0.baseAddress, $0.count) })
        case .enumeration(let e):
            guard case .string(let s) = value else { throw mismatch("a symbol of \(e.fullName)", value) }
            guard let index = e.symbols.firstIndex(of: s) else {
                throw SerdeError("'\(s)' is not a symbol of \(e.fullName) (\(e.symbols.joined(separator: ", ")))")
            }
            try check(sr_avro_value_set_enum(&target, Int32(index)))
        case .array(let items):
            guard case .list(let list) = value else { throw mismatch("a list", value) }
            for (i, item) in list.enumerated() {
                var child = avro_value_t()
                try check(sr_avro_value_append(&target, &child, nil))
                try within("[\(i)]") { () throws(SerdeError) in try encode(item, as: items, into: &child) }
            }
        case .map(let values):
            guard case .record(let entries) = value else { throw mismatch("an object (Avro map)", value) }
            for (key, item) in entries {
                var child = avro_value_t()
                try check(key.withCString { sr_avro_value_add(&target, $0, &child, nil, nil) })
                try within(key) { () throws(SerdeError) in try encode(item, as: values, into: &child) }
            }
        case .union(let branches):
            guard let index = AvroUnionBranch.index(for: value, in: branches, names: names) else {
                throw mismatch("one of " + branches.map(\.typeName).joined(separator: ", "), value)
            }
            var branch = avro_value_t()
            try check(sr_avro_value_set_branch(&target, Int32(index), &branch))
            try encode(value, as: branches[index], into: &branch)
        case .record(let record):
            guard case .record(let fields) = value else { throw mismatch("a \(record.name) record", value) }
            for (i, field) in record.fields.enumerated() {
                var child = avro_value_t()
                try check(sr_avro_value_get_by_index(&target, i, &child, nil))
                guard
                    let item = fields[field.name] ?? field.defaultValue
                        ?? (AvroUnionBranch.isNullable(field.type, names) ? .null : nil)
                else { throw SerdeError("missing field '\(field.name)' of \(record.name)", field: field.name) }
                try within(field.name) { () throws(SerdeError) in try encode(item, as: field.type, into: &child) }
            }
        }
    }

    private func setString(_ s: String, _ target: inout avro_value_t) throws(SerdeError) {
        // avro-c copies `size` bytes including the terminating NUL that withCString provides.
        let count = s.utf8.count
        try check(s.withCString { sr_avro_value_set_string_len(&target, $0, count + 1) })
    }

    /// Runs `body`, prefixing the field path of any error it throws with `name`.
    private func within(_ name: String, _ body: () throws(SerdeError) -> Void) throws(SerdeError) {
        do { try body() } catch {
            let path = error.field.map { $0.hasPrefix("[") ? name + $0 : "\(name).\($0)" } ?? name
            throw SerdeError(error.description, field: path)
        }
    }

    private func mismatch(_ expected: String, _ value: Value) -> SerdeError {
        SerdeError("expected \(expected), got \(value.kindName)")
    }

    private func check(_ rc: Int32) throws(SerdeError) {
        if rc != 0 { throw SerdeError(AvroCError.message(rc, "avro-c could not set a value")) }
    }
}

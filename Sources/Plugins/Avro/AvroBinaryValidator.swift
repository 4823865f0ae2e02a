import TopologyDSL

/// Walks Avro binary data against the writer's schema before avro-c decodes it, so hostile bytes
/// give a clear `SerdeError` instead of reaching avro-c: varints too long or out of range, negative
/// or oversized lengths, union and enum indexes out of range, truncation, trailing bytes, and
/// arrays of zero-byte items claiming huge counts. Errors name the field path.
struct AvroBinaryValidator {
    let names: [String: AvroType]
    /// Deeper nesting (recursive schemas) is rejected rather than risking the stack.
    static let maxDepth = 100
    /// At most this many items in one array whose items take no bytes (e.g. an array of null).
    static let maxZeroSizeItems = 1 << 16

    /// Checks that `bytes` hold exactly one value of `type`.
    func validate(_ bytes: UnsafeRawBufferPointer, as type: AvroType) throws(SerdeError) {
        var cursor = AvroBinaryCursor(bytes: bytes)
        try skip(type, &cursor, depth: 0)
        if cursor.offset != bytes.count {
            throw SerdeError(
                "\(bytes.count - cursor.offset) unexpected byte(s) after the Avro body, which ends at body byte \(cursor.offset)"
            )
        }
    }

    private func skip(_ type: AvroType, _ c: inout AvroBinaryCursor, depth: Int) throws(SerdeError) {
        guard depth < Self.maxDepth else { throw SerdeError("Avro data nested more than \(Self.maxDepth) levels deep") }
        switch type {
        case .reference(let name):
            guard let definition = names[name] else { throw SerdeError("unknown Avro type '\(name)'") }
            try skip(definition, &c, depth: depth + 1)
        case .null: break
        case .boolean:
            let b = try c.byte("a boolean")
            if b > 1 { throw SerdeError("invalid Avro boolean byte \(b) at body byte \(c.offset - 1)") }
        case .int: _ = try c.int("an int")
        case .long: _ = try c.long("a long")
        case .float: try c.take(4, "a float")
        case .double: try c.take(8, "a double")
        case .string, .bytes: try c.take(try c.length("a \(type.typeName) length"), "a \(type.typeName)")
        case .fixed(let f): try c.take(f.size, "fixed \(f.fullName)")
        case .enumeration(let e):
            let index = try c.int("an enum index")
            if index < 0 || index >= e.symbols.count {
                throw SerdeError("enum index \(index) is out of range for \(e.fullName)")
            }
        case .union(let branches):
            let index = try c.int("a union index")
            guard index >= 0, index < branches.count else {
                throw SerdeError(
                    "union index \(index) is out of range (\(branches.count) branches) at body byte \(c.offset)")
            }
            try skip(branches[index], &c, depth: depth + 1)
        case .array(let items):
            let zeroSize = takesNoBytes(items, depth: 0)
            var total = 0
            while true {
                let count = try c.blockCount()
                if count == 0 { break }
                total += count
                if zeroSize && total > Self.maxZeroSizeItems {
                    throw SerdeError("an array of empty items claims \(total) items (at most \(Self.maxZeroSizeItems))")
                }
                for i in 0..<count {
                    try within("[\(total - count + i)]") { () throws(SerdeError) in
                        try skip(items, &c, depth: depth + 1)
                    }
                }
            }
        case .map(let values):
            while true {
                let count = try c.blockCount()
                if count == 0 { break }
                for _ in 0..<count {
                    try c.take(try c.length("a map key length"), "a map key")
                    try skip(values, &c, depth: depth + 1)
                }
            }
        case .record(let record):
            for field in record.fields {
                try within(field.name) { () throws(SerdeError) in try skip(field.type, &c, depth: depth + 1) }
            }
        }
    }

    /// Whether every value of `type` encodes to zero bytes (null, empty records, fixed of size 0).
    private func takesNoBytes(_ type: AvroType, depth: Int) -> Bool {
        guard depth < Self.maxDepth else { return false }
        switch type {
        case .null: return true
        case .fixed(let f): return f.size == 0
        case .record(let r): return r.fields.allSatisfy { takesNoBytes($0.type, depth: depth + 1) }
        case .reference(let name): return names[name].map { takesNoBytes($0, depth: depth + 1) } ?? false
        default: return false
        }
    }

    private func within(_ name: String, _ body: () throws(SerdeError) -> Void) throws(SerdeError) {
        do { try body() } catch {
            let path = error.field.map { $0.hasPrefix("[") ? name + $0 : "\(name).\($0)" } ?? name
            throw SerdeError(error.description, field: path)
        }
    }
}

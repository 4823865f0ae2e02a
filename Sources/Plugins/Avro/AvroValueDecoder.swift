internal import CAvro
import TopologyDSL

/// Reads an avro-c generic value into a `Value`: records as `.record` in schema field order, ints and
/// longs as `.int`, floats and doubles as `.double`, enums as their symbol, bytes and fixed as
/// `.bytes`, maps as `.record` keyed by the map keys, a union as its current branch's value.
struct AvroValueDecoder {
    let names: [String: AvroType]

    func decode(_ source: inout avro_value_t, as type: AvroType) throws(SerdeError) -> Value {
        switch type {
        case .reference(let name):
            guard let definition = names[name] else { throw SerdeError("unknown Avro type '\(name)'") }
            return try decode(&source, as: definition)
        case .null:
            return .null
        case .boolean:
            var b: Int32 = 0
            try check(sr_avro_value_get_boolean(&source, &b))
            return .bool(b != 0)
        case .int:
            var i: Int32 = 0
            try check(sr_avro_value_get_int(&source, &i))
            return .int(Int64(i))
        case .long:
            var i: Int64 = 0
            try check(sr_avro_value_get_long(&source, &i))
            return .int(i)
        case .float:
            var f: Float = 0
            try check(sr_avro_value_get_float(&source, &f))
            return .double(Double(f))
        case .double:
            var d: Double = 0
            try check(sr_avro_value_get_double(&source, &d))
            return .double(d)
        case .string:
            var pointer: UnsafePointer<CChar>?
            var size = 0
            try check(sr_avro_value_get_string(&source, &pointer, &size))
            // avro-c's size counts the terminating NUL.
            let bytes = UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : max(size - 1, 0))
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw SerdeError("invalid UTF-8 in an Avro string")
            }
            return .string(s)
        case .bytes, .fixed:
            var pointer: UnsafeRawPointer?
            var size = 0
            if case .fixed = type {
                try check(sr_avro_value_get_fixed(&source, &pointer, &size))
            } else {
                try check(sr_avro_value_get_bytes(&source, &pointer, &size))
            }
            return .bytes(Array(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : size)))
        case .enumeration(let e):
            var index: Int32 = 0
            try check(sr_avro_value_get_enum(&source, &index))
            guard index >= 0, Int(index) < e.symbols.count else {
                throw SerdeError("enum index \(index) is out of range for \(e.fullName)")
            }
            return .string(e.symbols[Int(index)])
        case .array(let items):
            var count = 0
            try check(sr_avro_value_get_size(&source, &count))
            var list: [Value] = []
            list.reserveCapacity(count)
            for i in 0..<count {
                var child = avro_value_t()
                try check(sr_avro_value_get_by_index(&source, i, &child, nil))
                list.append(try decode(&child, as: items))
            }
            return .list(list)
        case .map(let values):
            var count = 0
            try check(sr_avro_value_get_size(&source, &count))
            var pairs: [(String, Value)] = []
            pairs.reserveCapacity(count)
            for i in 0..<count {
                var child = avro_value_t()
                var key: UnsafePointer<CChar>?
                try check(sr_avro_value_get_by_index(&source, i, &child, &key))
                pairs.append((key.map { String(cString: $0) } ?? "", try decode(&child, as: values)))
            }
            return .record(Fields(pairs))
        case .union(let branches):
            var discriminant: Int32 = 0
            try check(sr_avro_value_get_discriminant(&source, &discriminant))
            guard discriminant >= 0, Int(discriminant) < branches.count else {
                throw SerdeError("union branch \(discriminant) is out of range")
            }
            var branch = avro_value_t()
            try check(sr_avro_value_get_current_branch(&source, &branch))
            return try decode(&branch, as: branches[Int(discriminant)])
        case .record(let record):
            var pairs: [(String, Value)] = []
            pairs.reserveCapacity(record.fields.count)
            for (i, field) in record.fields.enumerated() {
                var child = avro_value_t()
                try check(sr_avro_value_get_by_index(&source, i, &child, nil))
                pairs.append((field.name, try decode(&child, as: field.type)))
            }
            return .record(Fields(pairs))
        }
    }

    private func check(_ rc: Int32) throws(SerdeError) {
        if rc != 0 { throw SerdeError(AvroCError.message(rc, "avro-c could not read a value")) }
    }
}

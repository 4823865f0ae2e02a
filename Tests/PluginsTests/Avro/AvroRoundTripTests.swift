import Plugins
import Testing
import TopologyDSL

@Suite("Avro round trips")
struct AvroRoundTripTests {
    @Test(
        "LocationSku values round-trip, fields in schema order",
        arguments: [
            ("STL", "123123"), ("", ""), ("MSP", "sku with spaces"), ("Zürich ✓", "日本語"),
            ("a\u{0}b", String(repeating: "x", count: 1000)),
        ])
    func locationSku(location: String, sku: String) throws {
        let serde = try AvroFixtures.serde(AvroFixtures.locationSkuV1)
        // Fields given in another order come back in schema order.
        let given = Value.record(Fields([("sku", .string(sku)), ("location", .string(location))]))
        let back = try serde.deserialize(try serde.serialize(given))
        #expect(back == AvroFixtures.locationSku(location, sku))
        #expect(back[field: "location"] == .string(location))
    }

    @Test("every supported Avro type round-trips")
    func everything() throws {
        let serde = try AvroFixtures.serde(AvroFixtures.everything)
        let value = Value.record(
            Fields([
                ("b", true), ("i", .int(-2_147_483_648)), ("l", .int(Int64.max)), ("f", 1.5), ("d", -0.25),
                ("s", "text"), ("raw", .bytes([0, 1, 254, 255])), ("opt", "present"), ("color", "GREEN"),
                ("hash", .bytes([1, 2, 3, 4])), ("tags", .list(["a", "b", ""])),
                ("counts", .record(Fields([("x", .int(1)), ("y", .int(-1))]))),
                ("inner", .record(Fields([("n", .int(7))]))), ("either", "str"),
            ]))
        #expect(try serde.deserialize(try serde.serialize(value)) == value)

        // Union branches chosen by the value: int, record; a missing nullable field with a default null.
        var fields = Fields(value.recordFields)
        fields.set("either", .record(Fields([("n", .int(9))])))
        fields.set("opt", .null)
        let second = Value.record(fields)
        #expect(try serde.deserialize(try serde.serialize(second)) == second)
        fields.set("either", .int(5))
        let third = Value.record(fields)
        #expect(try serde.deserialize(try serde.serialize(third)) == third)
    }

    @Test("a missing field takes its default; a missing required field is an error naming it")
    func missingFields() throws {
        let serde = try AvroFixtures.serde(AvroFixtures.locationSkuV2)
        let back = try serde.deserialize(try serde.serialize(AvroFixtures.locationSku("STL", "1")))
        #expect(back[field: "region"] == "unknown")

        #expect {
            _ = try serde.serialize(.record(Fields([("location", "STL")])))
        } throws: { error in
            let e = error as? SerdeError
            return e?.field == "sku" && e?.description.contains("missing field 'sku'") == true
        }
    }

    @Test(
        "wrong value kinds are SerdeErrors naming the field path",
        arguments: [
            (Value.record(Fields([("location", .int(1)), ("sku", "x")])), "location", "expected a string, got int"),
            (Value.string("STL"), nil, "expected a LocationSku record, got string"),
        ])
    func wrongKinds(value: Value, field: String?, message: String) throws {
        let serde = try AvroFixtures.serde(AvroFixtures.locationSkuV1)
        var out: [UInt8] = [9, 9]
        #expect {
            try serde.serialize(value, into: &out)
        } throws: { error in
            let e = error as? SerdeError
            return e?.field == field && e?.description.contains(message) == true
        }
        #expect(out == [9, 9], "a failed serialize leaves the output as it was")
    }

    @Test(
        "nested paths and range errors",
        arguments: [
            ("inner", Value.record(Fields([("n", "x")])), "inner.n"),
            ("tags", Value.list(["a", .int(1)]), "tags[1]"),
            ("i", Value.int(1 << 40), "i"),
            ("color", Value.string("BLUE"), "color"),
            ("hash", Value.bytes([1]), "hash"),
        ])
    func nestedErrors(field: String, bad: Value, path: String) throws {
        let serde = try AvroFixtures.serde(AvroFixtures.everything)
        var fields = Fields(Self.validEverything.recordFields)
        fields.set(field, bad)
        #expect {
            _ = try serde.serialize(.record(fields))
        } throws: { error in
            (error as? SerdeError)?.field == path
        }
    }

    @Test("hand-written bodies: array blocks with negative counts and sizes; huge arrays of empty items are refused")
    func blockedArrays() throws {
        let ids = LocalSchemaIds()
        let serde = try AvroFixtures.serde(
            #"{"type": "record", "name": "A", "fields": [{"name": "xs", "type": {"type": "array", "items": "int"}}, {"name": "ns", "type": {"type": "array", "items": "null"}}]}"#,
            ids: ids)
        let id = try serde.writerId()
        let header: [UInt8] = [0, 0, 0, 0, UInt8(id)]
        // xs: a block of -2 items (size 2 bytes): 1, 2; then a block of 1 item: 3; end. ns: 2 nulls; end.
        let body: [UInt8] = [3, 4, 2, 4, 2, 6, 0, 4, 0]
        #expect(
            try serde.deserialize(header + body)
                == .record(Fields([("xs", .list([1, 2, 3])), ("ns", .list([.null, .null]))])))
        // ns claiming 2^40 nulls in one block.
        #expect {
            _ = try serde.deserialize(header + [0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0])
        } throws: { error in
            "\(error)".contains("block count") || "\(error)".contains("empty items")
        }
        // 65535 nulls are within the cap; 70000 are not.
        #expect(try serde.deserialize(header + [0, 0xfe, 0xff, 0x07, 0])[field: "ns"].listCount == 65535)
        #expect {
            _ = try serde.deserialize(header + [0, 0xe0, 0xc5, 0x08, 0])
        } throws: { error in
            "\(error)".contains("claims 70000 items")
        }
    }

    static let validEverything = Value.record(
        Fields([
            ("b", true), ("i", 1), ("l", 2), ("f", 1.5), ("d", 2.5), ("s", "s"), ("raw", .bytes([])), ("opt", .null),
            ("color", "RED"), ("hash", .bytes([0, 0, 0, 0])), ("tags", .list([])), ("counts", .record(Fields())),
            ("inner", .record(Fields([("n", 1)]))), ("either", 1),
        ]))
}

extension Value {
    /// The (name, value) pairs of a record, or none.
    fileprivate var listCount: Int {
        if case .list(let items) = self { return items.count }
        return -1
    }

    fileprivate var recordFields: [(String, Value)] {
        if case .record(let fields) = self { return Array(fields) }
        return []
    }
}

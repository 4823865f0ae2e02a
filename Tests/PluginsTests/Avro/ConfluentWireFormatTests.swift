import Plugins
import Testing
import TopologyDSL

@Suite("Confluent wire format")
struct ConfluentWireFormatTests {
    @Test("a LocationSku key has the exact bytes Confluent's serializer writes")
    func exactBytes() throws {
        let ids = LocalSchemaIds()
        let schema = try AvroSchema(json: AvroFixtures.locationSkuV1)
        try ids.register(schema, id: 42, subject: "inventory_adjustment-key")
        let serde = try AvroSerde(schema: schema, subject: "inventory_adjustment-key", ids: ids)
        let bytes = try serde.serialize(AvroFixtures.locationSku("STL", "123123"))
        // magic 0, id 42 big-endian, then zig-zag lengths (3 → 6, 6 → 12) each followed by UTF-8.
        let expected: [UInt8] = [0, 0, 0, 0, 42, 6] + Array("STL".utf8) + [12] + Array("123123".utf8)
        #expect(bytes == expected)
        #expect(try serde.deserialize(expected) == AvroFixtures.locationSku("STL", "123123"))

        // A 200-byte string needs a two-byte varint: 400 = 0x90 0x03.
        let long = String(repeating: "s", count: 200)
        let longBytes = try serde.serialize(AvroFixtures.locationSku("", long))
        #expect(Array(longBytes[5...8]) == [0, 0x90, 0x03, UInt8(ascii: "s")])
    }

    @Test("ids come from the provider: 1, 2, ... per distinct schema; one schema has one id under any subject")
    func localIds() throws {
        let ids = LocalSchemaIds()
        let v1 = try AvroSchema(json: AvroFixtures.locationSkuV1)
        let v2 = try AvroSchema(json: AvroFixtures.locationSkuV2)
        #expect(try ids.id(for: v1, subject: "a-key") == 1)
        #expect(try ids.id(for: v2, subject: "a-key") == 2)
        #expect(
            try ids.id(for: try AvroSchema(json: AvroFixtures.inventoryAvsc).namedSchemas()[0], subject: "b-key") == 1)
        #expect(ids.ids(subject: "a-key") == [1, 2])
        #expect(try ids.schema(id: 2).isSameSchema(as: v2))
        #expect(throws: AvroError.self) { try ids.schema(id: 3) }
        #expect(throws: AvroError.self) { try ids.register(v1, id: 2) }
        let serde = try AvroSerde(schema: v2, subject: "a-key", ids: ids)
        #expect(try serde.serialize(AvroFixtures.locationSku("x", "y")).prefix(5) == [0, 0, 0, 0, 2])
    }

    @Test(
        "bad framing is a clear SerdeError",
        arguments: [
            ([UInt8](), "empty bytes"),
            ([0, 0, 0], "too short"),
            ([1, 0, 0, 0, 1, 2, 65, 2, 66], "unknown magic byte 1"),
            ([0, 0, 0, 0, 99, 2, 65, 2, 66], "unknown schema id 99"),
            ([0, 0, 0, 0, 1, 6, 65], "is 3 but only 1 byte(s) remain"),
            ([0, 0, 0, 0, 1, 2, 65], "ends early"),
            ([0, 0, 0, 0, 1, 2, 65, 2, 66, 0], "unexpected byte(s) after the Avro body"),
            ([0, 0, 0, 0, 1, 3, 65, 2, 66], "negative"),
            ([0, 0, 0, 0, 1, 0xfe, 0xff, 0xff, 0xff, 0x0f], "only 0 byte(s) remain"),
            ([0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], "longer than 64 bits"),
            ([0, 0, 0, 0, 1, 2, 0xff, 2, 66], "invalid UTF-8"),
        ])
    func badBytes(bytes: [UInt8], message: String) throws {
        let serde = try AvroFixtures.serde(AvroFixtures.locationSkuV1)
        _ = try serde.writerId()  // id 1
        #expect {
            _ = try serde.deserialize(bytes)
        } throws: { error in
            guard let e = error as? SerdeError else { return false }
            return e.description.contains(message) && e.description.hasPrefix("cannot read LocationSku")
        }
    }

    @Test("random and mutated bytes never crash: each decodes or throws SerdeError")
    func fuzz() throws {
        var rng = AvroTestRandom(state: 0x5eed)
        let key = try AvroFixtures.serde(AvroFixtures.locationSkuV1)
        let everything = try AvroFixtures.serde(AvroFixtures.everything)
        let valid = try everything.serialize(AvroRoundTripTests.validEverything)
        _ = try key.writerId()
        var decoded = 0
        var rejected = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            switch round % 3 {
            case 0:
                bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 1:
                bytes =
                    [0, 0, 0, 0, 1]
                    + (0..<Int.random(in: 0...24, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            default:
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    bytes[Int.random(in: 5..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                if Bool.random(using: &rng) { bytes.removeLast(Int.random(in: 0..<(bytes.count - 5), using: &rng)) }
            }
            for serde in [key, everything] {
                do {
                    _ = try serde.deserialize(bytes)
                    decoded += 1
                } catch { rejected += 1 }
            }
        }
        #expect(decoded > 0 && rejected > 0)
    }
}

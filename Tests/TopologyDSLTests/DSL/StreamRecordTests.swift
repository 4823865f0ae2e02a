import SellableInventory
import Testing
import TopologyDSL

/// Codable records as keys and values: their static types match YAML's, and values round-trip.
@Suite struct StreamRecordTests {
    struct Address: StreamRecord, Equatable {
        var city: String
        var zip: String?
    }

    struct Customer: StreamRecord, Equatable {
        static let typeName = "CustomerV1"
        var id: Int64
        var name: String
        var age: Int32
        var score: Double
        var vip: Bool
        var nickname: String?
        var tags: [String]
        var address: Address
        var visits: Int
    }

    enum Tier: String, Codable, CaseIterable, Sendable { case gold, silver }

    struct Membership: StreamRecord, Equatable {
        var user: String
        var tier: Tier
    }

    struct AvroKey: StreamRecord {
        static let serde = "avro"
        var location: String
        var sku: String
    }

    struct Declared: StreamRecord {
        static var fields: [ValueType.Field] { [.init("b", .int64), .init("a", .string)] }
        var a: String
        var b: Int64
    }

    static let customer = Customer(
        id: 7, name: "Ann", age: 41, score: 9.5, vip: true, nickname: nil, tags: ["a", "b"],
        address: Address(city: "Utrecht", zip: "3511"), visits: 3)

    @Test func fieldsComeFromTheCodableConformanceInOrder() {
        let type = Customer.streamType
        #expect(type.name == "CustomerV1" && type.kind == .record && type.serde == "json")
        #expect(
            type.fields.map(\.name) == ["id", "name", "age", "score", "vip", "nickname", "tags", "address", "visits"])
        #expect(
            type.fields.map(\.type.name) == [
                "int64", "string", "int32", "double", "bool", "string", "list", "Address", "int64",
            ])
        #expect(type.field("address") == .record("Address", [.init("city", .string), .init("zip", .string)]))
    }

    @Test func aRecordHasTheTypeOfTheSameYAMLDeclaration() throws {
        let graph = try TestPlugins.load(
            """
            application: t
            types:
              Customer: { fields: { id: int64, name: string, age: int32, score: double, vip: bool } }
            topics:
              customers: { partitions: 1, key: string, value: Customer }
            """)
        struct Customer: StreamRecord {
            var id: Int64
            var name: String
            var age: Int32
            var score: Double
            var vip: Bool
        }
        #expect(graph.topic("customers")?.valueType == Customer.streamType)
    }

    @Test func valuesRoundTripThroughValue() throws {
        let value = try Self.customer.streamValue
        #expect(value[field: "address"] == .record(Fields([("city", "Utrecht"), ("zip", "3511")])))
        #expect(value[field: "nickname"] == .null)
        guard case .record(let fields) = value else {
            Issue.record("not a record")
            return
        }
        #expect(fields.names == Customer.streamType.fields.map(\.name))
        #expect(try Customer(streamValue: value) == Self.customer)
        var named = Self.customer
        named.nickname = "annie"
        named.address.zip = nil
        #expect(try Customer(streamValue: named.streamValue) == named)
    }

    @Test func readsWhatJSONGives() throws {
        let json = try JSONReader.parse(Array(#"{"user":"u1","tier":"gold","extra":1}"#.utf8))
        #expect(try Membership(streamValue: json) == Membership(user: "u1", tier: .gold))
        #expect(Membership.streamType.fields == [.init("user", .string), .init("tier", .json)])
        #expect(try Int32(streamValue: .int(5)) == 5)
        #expect(try Double(streamValue: .int(5)) == 5.0)
        #expect(try String?(streamValue: .null) == nil)
        #expect(try [Int64](streamValue: .list([.int(1), .int(2)])) == [1, 2])
    }

    @Test func mismatchesNameTheFieldAndTheirCode() {
        func failure(_ value: Value) -> EvaluationError? {
            do {
                _ = try Customer(streamValue: value)
                return nil
            } catch { return error as? EvaluationError }
        }
        var fields = Fields()
        for (name, value) in (try? Self.customer.streamValue).map({
            if case .record(let f) = $0 { return f } else { return Fields() }
        }) ?? Fields() {
            fields.set(name, value)
        }
        var missing = fields
        missing.set("name", .null)
        #expect(failure(.record(missing))?.field == "name")
        #expect(failure(.record(missing))?.code == .missingField)
        var wrong = fields
        wrong.set("age", .int(Int64(Int32.max) + 1))
        #expect(failure(.record(wrong))?.field == "age")
        #expect(failure(.record(wrong))?.code == .typeMismatch)
        var nested = fields
        nested.set("address", .record(Fields([("zip", "1")])))
        #expect(failure(.record(nested))?.field == "address.city")
        #expect(failure(.string("x"))?.description.contains("expected a record") == true)
        #expect(throws: EvaluationError("1099511627776 is out of range for int32", code: .typeMismatch)) {
            try Int32(streamValue: .int(1 << 40))
        }
        #expect(throws: EvaluationError.self) { try String(streamValue: .int(1)) }
    }

    @Test func serdesAreNamedByTheTypeOrTheTopic() {
        #expect(AvroKey.streamType.serde == "avro")
        let topic = Topic<String, LocationSku>("t", partitions: 1, keySerde: "bytes", valueSerde: "avro")
        #expect(topic.keyType.serde == "bytes" && topic.keyType.kind == .string)
        #expect(topic.valueType.serde == "avro" && topic.valueType.name == "LocationSku")
        #expect(Declared.streamType.fields.map(\.name) == ["b", "a"])
    }

    @Test func encodesAnyEncodableForReplies() throws {
        struct Reply: Encodable {
            var ok: Bool
            var items: [Int32]
            var note: String?
        }
        #expect(
            try ValueEncoder().encode(Reply(ok: true, items: [1, 2], note: nil))
                == .record(Fields([("ok", true), ("items", .list([.int(1), .int(2)])), ("note", .null)])))
    }
}

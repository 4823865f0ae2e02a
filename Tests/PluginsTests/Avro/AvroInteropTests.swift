import Foundation
import Plugins
import Testing
import TopologyDSL

/// Byte-for-byte comparisons with Confluent's Python serializers (`confluent_kafka.schema_registry.avro`
/// with its in-process `mock://` registry) and with fastavro. Skipped where that Python is missing;
/// `STREAMRUN_PYTHON` overrides the interpreter.
@Suite("Avro interop with Confluent's and fastavro's encoders")
struct AvroInteropTests {
    static let python =
        ProcessInfo.processInfo.environment["STREAMRUN_PYTHON"] ?? "/opt/streamrun-tools/venv/bin/python"
    static let hasFastavro = pythonCan("import fastavro")
    static let hasConfluent =
        hasFastavro && pythonCan("from confluent_kafka.schema_registry.avro import AvroSerializer")

    static let mixed = """
        {"type": "record", "name": "Mixed", "namespace": "test.interop", "fields": [
          {"name": "i", "type": "int"}, {"name": "l", "type": "long"}, {"name": "d", "type": "double"},
          {"name": "b", "type": "boolean"}, {"name": "s", "type": "string"}, {"name": "opt", "type": ["null", "string"]},
          {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B"]}},
          {"name": "xs", "type": {"type": "array", "items": "long"}}, {"name": "m", "type": {"type": "map", "values": "int"}},
          {"name": "in", "type": {"type": "record", "name": "In", "fields": [{"name": "z", "type": "string"}]}}]}
        """

    static let mixedValues: [Value] = [
        .record(
            Fields([
                ("i", -1), ("l", .int(1 << 40)), ("d", 2.5), ("b", true), ("s", "héllo"), ("opt", .null), ("e", "B"),
                ("xs", .list([1, -2, 300])), ("m", .record(Fields([("k", 64)]))), ("in", .record(Fields([("z", "")]))),
            ])),
        .record(
            Fields([
                ("i", 2_000_000), ("l", -5), ("d", -0.125), ("b", false), ("s", ""), ("opt", "here"), ("e", "A"),
                ("xs", .list([])), ("m", .record(Fields())), ("in", .record(Fields([("z", "zz")]))),
            ])),
    ]

    static let script = """
        import io, json, sys, warnings
        warnings.filterwarnings("ignore")
        req = json.load(sys.stdin)
        import fastavro
        from fastavro.schema import fingerprint, parse_schema, to_parsing_canonical_form
        s = parse_schema(json.loads(req["schema"]))
        out = {"canonical": to_parsing_canonical_form(s)}
        out["fingerprint"] = fingerprint(out["canonical"], "CRC-64-AVRO")
        def body(r):
            b = io.BytesIO(); fastavro.schemaless_writer(b, s, r); return b.getvalue().hex()
        out["fastavro"] = [body(r) for r in req["records"]]
        out["fastavro_read"] = [fastavro.schemaless_reader(io.BytesIO(bytes.fromhex(h)), s) for h in req["ours_bodies"]]
        if req["confluent"]:
            from confluent_kafka.schema_registry import SchemaRegistryClient
            from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
            from confluent_kafka.serialization import MessageField, SerializationContext
            client = SchemaRegistryClient.new_client({"url": "mock://"})
            ctx = SerializationContext(req["topic"], MessageField.KEY)
            ser, de = AvroSerializer(client, req["schema"]), AvroDeserializer(client)
            out["confluent"] = [ser(r, ctx).hex() for r in req["records"]]
            out["confluent_read"] = [de(bytes.fromhex(h), ctx) for h in req["ours_framed"]]
            out["subjects"] = client.get_subjects()
        print(json.dumps(out))
        """

    @Test(
        "LocationSku keys: Confluent's AvroSerializer writes the same bytes, and reads ours",
        .enabled(if: hasConfluent, "needs confluent_kafka[avro,schemaregistry] and fastavro"))
    func confluentLocationSku() throws {
        let records = [
            AvroFixtures.locationSku("STL", "123123"), AvroFixtures.locationSku("Zürich", ""),
            AvroFixtures.locationSku(String(repeating: "L", count: 300), "sku-9"),
        ]
        try compare(
            schema: AvroFixtures.locationSkuV1, records: records, topic: "inventory_adjustment", confluent: true)
    }

    @Test(
        "a record of mixed types: fastavro's body bytes, canonical form and fingerprint match ours",
        .enabled(if: hasFastavro, "needs fastavro"))
    func fastavroMixed() throws {
        try compare(schema: Self.mixed, records: Self.mixedValues, topic: "mixed", confluent: Self.hasConfluent)
    }

    private func compare(schema json: String, records: [Value], topic: String, confluent: Bool) throws {
        let ids = LocalSchemaIds()
        let serde = try AvroSerde(
            schema: try AvroSchema(json: json), subject: AvroSerdePlugin.subject(topic: topic, isKey: true), ids: ids)
        let framed = try records.map { try serde.serialize($0) }
        let request = Value.record(
            Fields([
                ("schema", .string(json)), ("records", .list(records)), ("topic", .string(topic)),
                ("confluent", .bool(confluent)),
                ("ours_bodies", .list(framed.map { .string(hex($0.dropFirst(5))) })),
                ("ours_framed", .list(framed.map { .string(hex($0)) })),
            ]))
        let reply = try runPython(JSONWriter.encode(request))
        #expect(reply[field: "canonical"] == .string(serde.schema.canonicalForm))
        #expect(reply[field: "fingerprint"] == .string(hex(littleEndian(serde.schema.fingerprint))))
        #expect(reply[field: "fastavro"] == .list(framed.map { .string(hex($0.dropFirst(5))) }))
        #expect(reply[field: "fastavro_read"] == .list(records))
        if confluent {
            #expect(reply[field: "confluent"] == .list(framed.map { .string(hex($0)) }))
            #expect(reply[field: "confluent_read"] == .list(records))
            #expect(reply[field: "subjects"] == .list([.string("\(topic)-key")]))
            for case .string(let text) in reply[field: "confluent"].listItems {
                #expect(try serde.deserialize(unhex(text)) != .null)
            }
        }
    }

    private func runPython(_ input: [UInt8]) throws -> Value {
        let run = try ProgramRun(Self.python, ["-c", Self.script], input: input)
        try #require(run.status == 0, "python failed: \(run.stderr)")
        return try JSONReader.parse(run.stdout)
    }

    static func pythonCan(_ code: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? ProgramRun(python, ["-W", "ignore", "-c", code]))?.status == 0
    }

    private func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    private func unhex(_ text: String) -> [UInt8] {
        let chars = Array(text.utf8)
        return stride(from: 0, to: chars.count, by: 2).map {
            UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }

    private func littleEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}

extension Value {
    /// The items of a list, or none.
    fileprivate var listItems: [Value] {
        if case .list(let items) = self { return items }
        return []
    }
}

import Foundation
import Plugins
import TopologyDSL

/// Schemas and helpers shared by the Avro tests.
enum AvroFixtures {
    /// The reference workload's key schema, as `inventory.avsc` declares it (an array of one record).
    static let inventoryAvsc = """
        [
        {"namespace": "io.welflex.examples.inventory",
         "type": "record",
         "name": "LocationSku",
         "fields": [
             {"name": "location", "type": "string"},
             {"name": "sku", "type": "string"}
          ]
        }
        ]
        """

    static let locationSkuV1 = """
        {"namespace": "io.welflex.examples.inventory", "type": "record", "name": "LocationSku",
         "fields": [{"name": "location", "type": "string"}, {"name": "sku", "type": "string"}]}
        """

    /// v1 plus a `region` field with a default: readers of v1 data see "unknown".
    static let locationSkuV2 = """
        {"namespace": "io.welflex.examples.inventory", "type": "record", "name": "LocationSku",
         "doc": "v2 adds the region",
         "fields": [{"name": "location", "type": "string"}, {"name": "sku", "type": "string"},
                    {"name": "region", "type": "string", "default": "unknown"}]}
        """

    /// A record using most Avro types.
    static let everything = """
        {"type": "record", "name": "Everything", "namespace": "test.avro", "fields": [
          {"name": "b", "type": "boolean"},
          {"name": "i", "type": "int"},
          {"name": "l", "type": "long"},
          {"name": "f", "type": "float"},
          {"name": "d", "type": "double"},
          {"name": "s", "type": "string"},
          {"name": "raw", "type": "bytes"},
          {"name": "opt", "type": ["null", "string"], "default": null},
          {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}},
          {"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": 4}},
          {"name": "tags", "type": {"type": "array", "items": "string"}},
          {"name": "counts", "type": {"type": "map", "values": "long"}},
          {"name": "inner", "type": {"type": "record", "name": "Inner", "fields": [{"name": "n", "type": "int"}]}},
          {"name": "either", "type": ["int", "string", "Inner"]}
        ]}
        """

    static func locationSku(_ location: String, _ sku: String) -> Value {
        .record(Fields([("location", .string(location)), ("sku", .string(sku))]))
    }

    static func schema(_ json: String) throws -> AvroSchema { try AvroSchema(json: json) }

    /// A serde for `json` with fresh in-process ids.
    static func serde(_ json: String, ids: LocalSchemaIds = LocalSchemaIds(), subject: String = "test-key") throws
        -> AvroSerde
    {
        try AvroSerde(schema: try AvroSchema(json: json), subject: subject, ids: ids)
    }

    /// Runs `body(i)` for i in 0..<count, each on its own thread, and waits for all of them.
    static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for i in 0..<count {
            group.enter()
            Thread {
                body(i)
                group.leave()
            }.start()
        }
        group.wait()
    }
}

/// A small deterministic random generator (SplitMix64), so fuzz failures can be replayed.
struct AvroTestRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

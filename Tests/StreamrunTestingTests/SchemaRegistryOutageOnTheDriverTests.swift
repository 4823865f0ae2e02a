import Foundation
import Plugins
import StreamrunTesting
import Testing
import TopologyDSL

/// A schema registry outage as data: a record framed with a schema id the runner has not seen
/// waits while the registry is down (no dead letter, nothing after it processed), and is processed
/// once the registry is back and the retry's backoff has passed on the driver's clock.
@Suite struct SchemaRegistryOutageOnTheDriverTests {
    static let fields = #"{"name":"count","type":"long"}"#
    static let v1 = #"{"type":"record","name":"Reading","namespace":"test.driver","fields":[\#(fields)]}"#
    static let v2 =
        #"{"type":"record","name":"Reading","namespace":"test.driver","fields":[\#(fields),"#
        + #"{"name":"unit","type":"string","default":"C"}]}"#

    @Test func aRecordWithAnUnseenSchemaIdWaitsForTheRegistryAndIsProcessedWhenItIsBack() throws {
        let directory = NSTemporaryDirectory() + "streamrun-driver-registry-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.v1.write(toFile: directory + "/reading.avsc", atomically: true, encoding: .utf8)
        let yaml = """
            application: driverOutage
            types:
              Reading: { avro: reading.avsc }
            topics:
              readings: { partitions: 1, key: string, value: Reading }
              counts: { partitions: 1, key: string, value: int64 }
            streams:
              counting: { from: readings, steps: [ { map-values: value.count, type: int64 } ], to: counts }
            """
        let registry = TestSchemaRegistry()
        let newer = try AvroSchema(json: Self.v2)
        try registry.register(newer, id: 7, subject: "readings-value")
        let driver = try TopologyTestDriver(
            yaml: yaml, file: directory + "/outage.yaml",
            plugins: BuiltinPlugins.registry(schemaIds: registry))
        // Another client's record, framed with id 7, and one after it in the writer's own schema.
        let local = LocalSchemaIds()
        try local.register(newer, id: 7)
        let framed = try AvroSerde(schema: newer, subject: "other", ids: local)
            .serialize(.record(Fields([("count", .int(3)), ("unit", "F")])))

        registry.isDown = true
        try driver.pipe(topic: "readings", keyBytes: Array("s1".utf8), valueBytes: framed)
        try driver.advanceWallClockTime(2_000)  // retried: still down
        #expect(try driver.readOutput("counts").isEmpty)
        #expect(try driver.deadLetters().isEmpty)

        registry.isDown = false
        try driver.advanceWallClockTime(10_000)  // past the backoff: read again, processed
        #expect(try driver.readOutput("counts").map(\.value) == [.int(3)])
        #expect(try driver.deadLetters().isEmpty)
    }
}

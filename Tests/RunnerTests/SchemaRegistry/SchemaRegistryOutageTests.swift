import Foundation
import Plugins
import Runner
import Testing
import TopologyDSL

/// A schema registry that cannot be reached is a condition that heals, not bad bytes: a record
/// whose schema id the runner has not seen yet waits (its partition stops there, `/ready` says
/// why) until the registry answers, and is then processed. An id the registry does not know is
/// still bad bytes and goes to the dead-letter topic.
@Suite(.serialized) struct SchemaRegistryOutageTests {
    static let fields = #"{"name":"count","type":"long"}"#
    static let v1 = #"{"type":"record","name":"OutageReading","namespace":"test.outage","fields":[\#(fields)]}"#
    /// A newer version another client writes with: one more field, with a default.
    static let v2 =
        #"{"type":"record","name":"OutageReading","namespace":"test.outage","fields":[\#(fields),"#
        + #"{"name":"unit","type":"string","default":"C"}]}"#

    static func yaml(schemaFile: String) -> String {
        """
        application: registryOutage
        types:
          OutageReading: { avro: "\(schemaFile)" }
        topics:
          readings: { partitions: 1, key: string, value: OutageReading }
          counts: { partitions: 1, key: string, value: int64 }
        streams:
          counting:
            from: readings
            steps:
              - map-values: value.count
                type: int64
            to: counts
        """
    }

    /// A value as the other client writes it: framed with schema id `id`, the Avro body of `v2`.
    static func framed(count: Int64, id: Int32) throws -> [UInt8] {
        let schema = try AvroSchema(json: v2)
        let ids = LocalSchemaIds()
        try ids.register(schema, id: id)
        return try AvroSerde(schema: schema, subject: "other-client", ids: ids)
            .serialize(.record(Fields([("count", .int(count)), ("unit", "F")])))
    }

    /// The attempt number `/ready` reports (0 if none). A test may look only after several
    /// attempts (its task can be starved on a loaded machine), so it asks for "at least".
    static func attempt(in reason: String) -> Int {
        guard let range = reason.range(of: #"\(attempt [0-9]+"#, options: .regularExpression) else { return 0 }
        return Int(reason[range].dropFirst("(attempt ".count)) ?? 0
    }

    @Test func aRecordWithANewSchemaIdWaitsWhileTheRegistryIsDownAndIsProcessedWhenItIsBack() async throws {
        let directory = TemporaryDirectory.make()
        let schemaFile = directory + "/reading.avsc"
        try Self.v1.write(toFile: schemaFile, atomically: true, encoding: .utf8)
        var registry = try await SchemaRegistryProcess.start(directory: directory + "/registry")
        let id = try await registry.register(Self.v2, subject: "readings-value")
        let plugins = BuiltinPlugins.registry(schemaIds: SchemaRegistryClient(baseURL: registry.url))
        let t = try await RunningTopology.start(
            yaml: Self.yaml(schemaFile: schemaFile), directory: directory + "/data",
            plugins: plugins)
        registry.stop()

        try await t.produce("readings", key: "s1", value: try Self.framed(count: 7, id: id))
        // The record is read, and read again after a backoff, and still waits; /ready says why.
        try await Eventually.wait("the partition waits for the registry", seconds: 60) {
            let reason = t.runner.notReadyReason ?? ""
            return reason.contains("readings-0 waits at offset 0") && Self.attempt(in: reason) >= 2
        }
        #expect(t.runner.notReadyReason?.contains("cannot be reached") == true, "\(t.runner.notReadyReason ?? "ready")")
        #expect(!t.runner.isReady)
        #expect(try t.deadLetters().isEmpty)
        #expect(try t.records("counts").isEmpty)

        registry = try await SchemaRegistryProcess.start(directory: directory + "/registry", port: registry.port)
        try await Eventually.wait("the waiting record is processed", seconds: 60) {
            try t.records("counts").map(\.key) == ["s1"]
        }
        #expect(try t.records("counts").first?.value == .int(7))
        try await Eventually.wait("ready again", seconds: 60) { t.runner.isReady }

        // An id the registry answers 404 for is bad bytes: dead-lettered, and the records after it flow.
        try await t.produce("readings", key: "s2", value: try Self.framed(count: 8, id: 9999))
        try await t.produce("readings", key: "s3", value: try Self.framed(count: 9, id: id))
        try await Eventually.wait("the record after the unknown id", seconds: 60) {
            try t.records("counts").map(\.key) == ["s1", "s3"]
        }
        try await t.stop()  // throws if the stream thread stopped
        registry.stop()
        let letters = try t.deadLetters()
        #expect(letters.count == 1)
        #expect(letters.first?.headers["streamrun.error"]?.contains("unknown schema id 9999") == true, "\(letters)")
        #expect(letters.first?.headers["streamrun.offset"] == "1")
    }
}

/// A task fetches the schema ids it writes with when it opens: a registry that is down at startup
/// keeps the task closed, retried, with `/ready` saying why, instead of failing the records.
@Suite(.serialized) struct SchemaRegistryDownAtStartTests {
    static func yaml(schemaFile: String) -> String {
        """
        application: registryAtStart
        types:
          OutageReading: { avro: "\(schemaFile)" }
        topics:
          counts: { partitions: 1, key: string, value: int64 }
          readings: { partitions: 1, key: string, value: OutageReading }
        streams:
          wrapping:
            from: counts
            steps:
              - map-values: "{ count: value }"
                type: OutageReading
            to: readings
        """
    }

    @Test func aTaskWhoseWriterSchemaIdCannotBeFetchedOpensOnceTheRegistryAnswersAndLosesNothing() async throws {
        let directory = TemporaryDirectory.make()
        let schemaFile = directory + "/reading.avsc"
        try SchemaRegistryOutageTests.v1.write(toFile: schemaFile, atomically: true, encoding: .utf8)
        let port = LoopbackPort.free()
        let plugins = BuiltinPlugins.registry(schemaIds: SchemaRegistryClient(baseURL: "http://127.0.0.1:\(port)"))
        let t = try await RunningTopology.start(
            yaml: Self.yaml(schemaFile: schemaFile), directory: directory + "/data",
            plugins: plugins, waitUntilReady: false)
        try await Eventually.wait("the task waits for the registry", seconds: 60) {
            let reason = t.runner.notReadyReason ?? ""
            return reason.contains("task 0_0 could not be opened") && reason.contains("cannot be reached")
        }
        _ = try await t.send("counts", key: "a", value: .int(5))

        let registry = try await SchemaRegistryProcess.start(directory: directory + "/registry", port: port)
        try await Eventually.wait("ready once the registry answers", seconds: 60) { t.runner.isReady }
        try await Eventually.wait("the record written meanwhile is processed", seconds: 60) {
            try t.records("readings").map(\.key) == ["a"]
        }
        #expect(try t.records("readings").first?.value == .record(Fields([("count", .int(5))])))
        try await t.stop()
        registry.stop()
        #expect(try t.deadLetters().isEmpty)
    }
}

/// A server registers every Avro schema of its topology with the registry before it serves (the
/// serdes' preparation, asynchronous): a command's Avro key is then framed with an id it already
/// knows, so a registry that goes away after the start refuses no command.
@Suite(.serialized) struct SchemaRegistryPreparedIdsTests {
    @Test func commandsWithAvroKeysAreAcceptedWhenTheRegistryIsGoneAfterTheStart() async throws {
        let directory = TemporaryDirectory.make()
        let registry = try await SchemaRegistryProcess.start(directory: directory + "/registry")
        let server = try await ServerProcess.start(
            dataDirectory: directory + "/data", arguments: ["--schema-registry", registry.url], readyWithin: 60)
        defer { server.terminate() }
        registry.stop()

        let command = try await server.post("/inventory/adjustment", #"{"locationId":"PR","sku":"1","count":4}"#)
        #expect(command.status == 200, "\(command.status) \(command.body)")
        try await Eventually.wait("the adjustment is counted", seconds: 30) {
            try await server.get("/inventory/locations/PR/skus/1").json?["count"] as? Int == 4
        }
        #expect(server.isRunning)
    }

    @Test func aCommandWhoseKeySchemaIdCannotBeLearnedWhileTheRegistryIsDownIsA503WithRetryAfter() async throws {
        let directory = TemporaryDirectory.make()
        let server = try await ServerProcess.start(
            dataDirectory: directory + "/data",
            arguments: ["--schema-registry", "http://127.0.0.1:\(LoopbackPort.free())"], readyWithin: 60,
            readyPath: "/health")
        defer { server.terminate() }
        let command = try await server.post("/inventory/adjustment", #"{"locationId":"PR","sku":"1","count":4}"#)
        #expect(command.status == 503, "\(command.status) \(command.body)")
        #expect(command.headers["retry-after"] != nil, "\(command.headers)")
        #expect(command.body.contains("cannot be reached"), "\(command.body)")
        #expect(server.isRunning)
    }
}

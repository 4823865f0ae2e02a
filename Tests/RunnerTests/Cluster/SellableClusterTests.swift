import Foundation
import Testing

/// Two `streamrun` instances of sellable in one consumer group on a real Tansu broker.
@Suite(.serialized, .enabled(if: TansuBroker.isAvailable, TansuBroker.unavailableMessage))
struct SellableClusterTests {
    static let adjust = "/inventory/adjustment"

    static func instance(_ broker: TansuBroker, _ name: String, directory: String? = nil, port: Int? = nil) async throws
        -> ServerProcess
    {
        let port = port ?? LoopbackPort.free()
        return try await ServerProcess.start(
            dataDirectory: directory, port: port,
            arguments: [
                "--bootstrap-servers", broker.bootstrapServers, "--instance-id", name,
                "--advertised-url", "http://127.0.0.1:\(port)", "--kafka", "session.timeout.ms=6000",
                "--commit-interval-ms", "200",
            ],
            readyWithin: 60)
    }

    /// The tasks each live instance claims, from `/metadata`.
    static func owners(_ server: ServerProcess) async throws -> [String: [String]] {
        let metadata = try await server.get("/metadata").json ?? [:]
        var owners: [String: [String]] = [:]
        for case let instance as [String: Any] in metadata["instances"] as? [Any] ?? [] {
            owners[instance["instance"] as? String ?? "?"] = instance["tasks"] as? [String] ?? []
        }
        return owners
    }

    static func count(_ server: ServerProcess, _ sku: String) async throws -> Int? {
        let reply = try await server.get("/inventory/locations/CL/skus/\(sku)")
        return reply.status == 200 ? reply.json?["count"] as? Int : nil
    }

    static func waitForCounts(_ servers: [ServerProcess], _ expected: [String: Int], seconds: Double = 30) async throws
    {
        try await Eventually.wait("counts on every instance", seconds: seconds) {
            for server in servers {
                for (sku, count) in expected where try await Self.count(server, sku) != count { return false }
            }
            return true
        }
    }

    @Test func queriesAreAnsweredByTheOwnerAndSurviveAKill() async throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        let directoryA = TemporaryDirectory.make()
        var a = try await Self.instance(broker, "A", directory: directoryA)
        let b = try await Self.instance(broker, "B")
        defer { b.terminate() }
        try await Eventually.wait("both instances own tasks", seconds: 40) {
            let owners = try await Self.owners(b)
            return owners.count == 2 && owners.values.allSatisfy { !$0.isEmpty }
                && Set(owners.values.joined()).count == 3
        }
        var expected: [String: Int] = [:]
        for i in 0..<12 {
            let sku = "s\(i)"
            let reply = try await a.post(Self.adjust, #"{"locationId":"CL","sku":"\#(sku)","count":\#(i + 1)}"#)
            #expect(reply.status == 200, "\(reply.body)")
            expected[sku] = i + 1
        }
        try await Self.waitForCounts([a, b], expected)

        // Records from an external producer with Kafka's murmur2 partitioner land with their partition's owner.
        try ExternalProducer.produce(
            broker: broker.bootstrapServers, topic: "inventory_adjustment",
            records: (0..<12).map { (("CL", "s\($0)"), 100) })
        for sku in expected.keys { expected[sku]! += 100 }
        try await Self.waitForCounts([a, b], expected)

        // kill -9 A: B takes every task over, restores A's stores from the changelogs and answers every key.
        let portA = a.port
        a.kill()
        try await Eventually.wait("B owns every task", seconds: 30) {
            let owners = try await Self.owners(b)
            return Set(owners["B"] ?? []).count == 3
        }
        try await Self.waitForCounts([b], expected, seconds: 30)

        // A comes back: tasks spread again, nothing lost, nothing counted twice.
        a = try await Self.instance(broker, "A", directory: directoryA, port: portA)
        defer { a.terminate() }
        try await Eventually.wait("tasks spread again", seconds: 40) {
            let owners = try await Self.owners(b)
            return !(owners["A"] ?? []).isEmpty && !(owners["B"] ?? []).isEmpty
        }
        try await Self.waitForCounts([a, b], expected)
        #expect(try await a.post("/inventory/reservation", #"{"locationId":"CL","sku":"s0","count":1}"#).status == 200)
        expected["s0"]! -= 1
        try await Self.waitForCounts([a, b], expected)
    }

    @Test func aSourceTopicWithTheWrongPartitionCountStopsStartup() async throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        try ExternalProducer.createTopic(broker: broker.bootstrapServers, topic: "inventory_adjustment", partitions: 4)
        let port = LoopbackPort.free()
        let outcome = try SpawnedProcess.capture(
            ServerProcess.binary,
            [
                "run", ServerProcess.packageRoot.appendingPathComponent("topologies/sellable.yaml").path,
                "--port", String(port), "--data-dir", TemporaryDirectory.make(),
                "--bootstrap-servers", broker.bootstrapServers,
            ], timeout: 120)
        let output = outcome.stderr
        #expect(outcome.status != 0)
        #expect(
            output.contains("topic 'inventory_adjustment' exists with 4 partitions; cannot create it with 3"),
            "\(output)")
    }
}

/// Python's confluent-kafka (from the setup script's venv), as an external client of the cluster.
enum ExternalProducer {
    static var python: String {
        (ProcessInfo.processInfo.environment["STREAMRUN_TOOLS"] ?? "/opt/streamrun-tools") + "/venv/bin/python"
    }

    static func run(_ script: String, _ arguments: [String]) throws {
        // A producer flushes for up to 30 s.
        let outcome = try SpawnedProcess.capture(python, ["-c", script] + arguments, timeout: 120)
        guard outcome.status == 0 else { throw Eventually.Timeout(description: "python failed: \(outcome.stderr)") }
    }

    /// Produces LocationSku-keyed int32 records with the murmur2_random partitioner, as Java clients do:
    /// keys in the Confluent wire format with schema id 1 (the first id an instance without a
    /// registry gives), Avro-encoded by hand.
    static func produce(broker: String, topic: String, records: [((String, String), Int32)]) throws {
        let script = """
            import sys, struct, json
            from confluent_kafka import Producer
            def avro_string(s):
                data, n, out = s.encode(), len(s.encode()) << 1, bytearray()
                while n > 0x7f: out.append((n & 0x7f) | 0x80); n >>= 7
                out.append(n)
                return bytes(out) + data
            p = Producer({'bootstrap.servers': sys.argv[1], 'partitioner': 'murmur2_random'})
            for (location, sku), count in json.loads(sys.argv[3]):
                key = b'\\x00' + struct.pack('>i', 1) + avro_string(location) + avro_string(sku)
                p.produce(sys.argv[2], key=key, value=struct.pack('>i', count))
            assert p.flush(30) == 0
            """
        let payload = String(
            decoding: try JSONSerialization.data(withJSONObject: records.map { [[$0.0.0, $0.0.1], $0.1] as [Any] }),
            as: UTF8.self)
        try run(script, [broker, topic, payload])
    }

    static func createTopic(broker: String, topic: String, partitions: Int) throws {
        let script = """
            import sys
            from confluent_kafka.admin import AdminClient, NewTopic
            a = AdminClient({'bootstrap.servers': sys.argv[1]})
            for f in a.create_topics([NewTopic(sys.argv[2], int(sys.argv[3]), 1)]).values(): f.result()
            """
        try run(script, [broker, topic, String(partitions)])
    }
}

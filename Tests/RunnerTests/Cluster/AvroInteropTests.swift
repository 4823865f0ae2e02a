import Foundation
import Testing

/// Confluent's own Python clients (SchemaRegistryClient, AvroSerializer, IntegerSerializer) against
/// `streamrun schema-registry` and `streamrun run topologies/sellable.yaml` on a real Tansu broker.
@Suite(.serialized, .enabled(if: TansuBroker.isAvailable, TansuBroker.unavailableMessage))
struct AvroInteropTests {
    static let script = """
        import json, struct, sys, time
        from confluent_kafka import Consumer, Producer
        from confluent_kafka.schema_registry import SchemaRegistryClient
        from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
        from confluent_kafka.serialization import (IntegerDeserializer, IntegerSerializer, MessageField,
                                                   SerializationContext)
        broker, registry, schema_file, mode = sys.argv[1:5]
        client = SchemaRegistryClient({'url': registry})
        schema = json.dumps(json.load(open(schema_file))[0])
        if mode == 'produce':
            key, value = AvroSerializer(client, schema), IntegerSerializer()
            producer = Producer({'bootstrap.servers': broker, 'partitioner': 'murmur2_random'})
            for topic, location, sku, count in json.loads(sys.argv[5]):
                producer.produce(topic, key=key({'location': location, 'sku': sku}, SerializationContext(topic, MessageField.KEY)),
                                 value=value(count, SerializationContext(topic, MessageField.VALUE)))
            assert producer.flush(30) == 0
        else:
            key, value = AvroDeserializer(client, schema), IntegerDeserializer()
            consumer = Consumer({'bootstrap.servers': broker, 'group.id': 'interop-reader', 'auto.offset.reset': 'earliest',
                                 'session.timeout.ms': 6000})
            consumer.subscribe(['sellable_inventory'])
            latest, deadline = {}, time.time() + 40
            expected = json.loads(sys.argv[5])
            while time.time() < deadline and latest != expected:
                message = consumer.poll(0.5)
                if message is None or message.error():
                    continue
                k = key(message.key(), SerializationContext('sellable_inventory', MessageField.KEY))
                latest[k['location'] + '/' + k['sku']] = value(message.value(), SerializationContext('sellable_inventory', MessageField.VALUE))
            consumer.close()
            print(json.dumps(latest, sort_keys=True))
        """

    static func python(_ arguments: [String]) throws -> String {
        // The consumer reads for up to 40 s, the producer flushes for up to 30 s.
        let outcome = try SpawnedProcess.capture(ExternalProducer.python, ["-c", script] + arguments, timeout: 120)
        guard outcome.status == 0 else { throw Eventually.Timeout(description: "python failed: \(outcome.stderr)") }
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func confluentClientsAndStreamrunReadEachOthersAvro() async throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        let registryPort = LoopbackPort.free()
        let registry = try SpawnedProcess(
            executable: ServerProcess.binary,
            arguments: [
                "schema-registry", "--port", String(registryPort), "--host", "127.0.0.1",
                "--bootstrap-servers", broker.bootstrapServers,
            ],
            outputPath: "/dev/null")
        defer {
            registry.send(SIGTERM)
            registry.waitUntilExit()
        }
        let registryURL = "http://127.0.0.1:\(registryPort)"
        try await Eventually.wait("registry up", seconds: 60) { LoopbackPort.accepts(registryPort) }

        let server = try await ServerProcess.start(
            arguments: [
                "--bootstrap-servers", broker.bootstrapServers, "--schema-registry", registryURL,
                "--kafka", "session.timeout.ms=6000", "--commit-interval-ms", "200",
            ], readyWithin: 60)
        defer { server.terminate() }

        let schemaFile = ServerProcess.packageRoot.appendingPathComponent("schemas/inventory.avsc").path
        let records: [[Any]] = [
            ["inventory_adjustment", "STL", "1", 100], ["inventory_adjustment", "STL", "2", 40],
            ["inventory_adjustment", "NYC", "1", 7], ["inventory_reservation", "STL", "1", 10],
            ["inventory_reservation", "NYC", "9", 3],
        ]
        let payload = String(decoding: try JSONSerialization.data(withJSONObject: records), as: UTF8.self)
        _ = try Self.python([broker.bootstrapServers, registryURL, schemaFile, "produce", payload])

        let expected = ["NYC/1": 7, "STL/1": 90, "STL/2": 40]
        try await Eventually.wait("REST counts", seconds: 40) {
            for (key, count) in expected {
                let parts = key.split(separator: "/")
                let reply = try await server.get("/inventory/locations/\(parts[0])/skus/\(parts[1])")
                if reply.json?["count"] as? Int != count { return false }
            }
            return true
        }
        #expect(try await server.get("/inventory/locations/NYC/skus/9").status == 404)
        let expectedJSON = String(
            decoding: try JSONSerialization.data(withJSONObject: expected, options: .sortedKeys), as: UTF8.self)
        let read = try Self.python([broker.bootstrapServers, registryURL, schemaFile, "consume", expectedJSON])
        let decoded = try JSONSerialization.jsonObject(with: Data(read.utf8)) as? [String: Int]
        #expect(decoded == expected)
    }
}

import Plugins
import Synchronization
import Testing
import TopologyDSL

@Suite("Avro concurrency")
struct AvroConcurrencyTests {
    @Test("several threads serialize and deserialize with one serde")
    func sharedSerde() throws {
        let ids = LocalSchemaIds()
        let serde = try AvroFixtures.serde(AvroFixtures.locationSkuV1, ids: ids)
        let v2 = try AvroFixtures.serde(AvroFixtures.locationSkuV2, ids: ids)
        let failures = Atomic<Int>(0)
        AvroFixtures.onThreads(8) { thread in
            for i in 0..<5_000 {
                let value = AvroFixtures.locationSku("L\(thread)", "sku-\(i)")
                do {
                    let bytes = try serde.serialize(value)
                    guard try serde.deserialize(bytes) == value else {
                        failures.add(1, ordering: .relaxed)
                        continue
                    }
                    // Resolution (v1 → v2) on the same threads.
                    guard try v2.deserialize(bytes)[field: "region"] == "unknown" else {
                        failures.add(1, ordering: .relaxed)
                        continue
                    }
                } catch {
                    failures.add(1, ordering: .relaxed)
                }
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
    }

    @Test("concurrent id requests give each distinct schema one id")
    func concurrentIds() throws {
        let ids = LocalSchemaIds()
        let schemas = try (0..<10).map { n in
            try AvroSchema(json: #"{"type": "record", "name": "R\#(n)", "fields": [{"name": "x", "type": "int"}]}"#)
        }
        let seen = Locked<[String: Set<Int32>]>([:])
        AvroFixtures.onThreads(8) { thread in
            for schema in schemas.shuffled() {
                let id = try? ids.id(for: schema, subject: "s\(thread)")
                seen.withLock { _ = $0[schema.canonicalForm, default: []].insert(id ?? -1) }
            }
        }
        let all = seen.withLock { $0 }
        #expect(all.values.allSatisfy { $0.count == 1 })
        #expect(Set(all.values.flatMap { $0 }) == Set(1...10))
    }
}

import Foundation
import Plugins
import Synchronization
import Testing
import TopologyDSL

/// Throughput of LocationSku keys through the Avro serde, printed, never asserted (numbers only mean
/// something in a release build: `swift test -c release --filter AvroThroughput`). What is asserted
/// is that every round trip, on one thread and on two sharing the serde, gives back the key encoded.
@Suite("Avro throughput")
struct AvroThroughputTests {
    @Test("serialize + deserialize round trips per second, one thread and two; each gives back its key")
    func roundTrips() throws {
        let serde = try AvroFixtures.serde(AvroFixtures.locationSkuV1)
        let keys = (0..<1000).map { AvroFixtures.locationSku("LOC\($0 % 50)", "SKU-\(100_000 + $0)") }
        var wrong = 0
        let one = try Self.rate(seconds: 0.5) { i in
            let key = keys[i % keys.count]
            if try serde.deserialize(try serde.serialize(key)) != key { wrong += 1 }
        }
        #expect(wrong == 0, "\(wrong) round trips on one thread gave back another value")
        let encode = try Self.rate(seconds: 0.5) { i in _ = try serde.serialize(keys[i % keys.count]) }
        let framed = try keys.map { try serde.serialize($0) }
        let decode = try Self.rate(seconds: 0.5) { i in _ = try serde.deserialize(framed[i % framed.count]) }
        #expect(try framed.map { try serde.deserialize($0) } == keys)
        let total = Atomic<Int>(0)
        let mismatched = Atomic<Int>(0)
        let start = ContinuousClock.now
        AvroFixtures.onThreads(2) { _ in
            var count = 0
            while ContinuousClock.now - start < .milliseconds(500) {
                for i in 0..<100 {
                    let key = keys[(count + i) % keys.count]
                    let back = (try? serde.serialize(key)).flatMap { try? serde.deserialize($0) }
                    if back != key { mismatched.add(1, ordering: .relaxed) }
                }
                count += 100
            }
            total.add(count, ordering: .relaxed)
        }
        let two = Double(total.load(ordering: .relaxed)) / (ContinuousClock.now - start).seconds
        print(
            "Avro LocationSku: \(Int(one)) round trips/s (1 thread), \(Int(two))/s (2 threads sharing one serde); "
                + "serialize \(Int(encode))/s, deserialize \(Int(decode))/s")
        #expect(
            mismatched.load(ordering: .relaxed) == 0, "round trips on two threads gave back another value (or failed)")
    }

    private static func rate(seconds: Double, _ body: (Int) throws -> Void) throws -> Double {
        let start = ContinuousClock.now
        var count = 0
        while (ContinuousClock.now - start).seconds < seconds {
            for i in 0..<100 { try body(count + i) }
            count += 100
        }
        return Double(count) / (ContinuousClock.now - start).seconds
    }
}

extension Duration {
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

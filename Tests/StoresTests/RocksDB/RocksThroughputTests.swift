import Foundation
import StreamrunStores
import Testing

/// Throughput sanity run, not an assertion on speed. Off by default; run it with
/// `ROCKSDB_THROUGHPUT=1 swift test -c release --filter RocksThroughputTests`.
@Suite("RocksDB throughput")
struct RocksThroughputTests {
    @Test(
        "1M batched puts and 1M pinned gets (prints ops/s)",
        .enabled(if: ProcessInfo.processInfo.environment["ROCKSDB_THROUGHPUT"] != nil))
    func throughput() throws {
        let count = 1_000_000
        try withRocksTempDir { dir throws in
            let db = try RocksDatabase(path: dir.path(), columnFamilies: ["store"])
            let store = try #require(db.columnFamily("store"))
            var key = [UInt8](repeating: 0, count: 16)
            func setKey(_ i: Int) {
                var n = i
                for position in stride(from: 15, through: 0, by: -1) {
                    key[position] = UInt8(ascii: "0") + UInt8(n % 10)
                    n /= 10
                }
            }

            let batch = RocksWriteBatch()
            let putClock = ContinuousClock.now
            for i in 0..<count {
                setKey(i)
                var value = UInt32(i).bigEndian
                try key.withUnsafeBytes { k in
                    try withUnsafeBytes(of: &value) { v in try batch.put(store, key: k, value: v) }
                }
                if batch.count == 1000 {
                    try db.write(batch)
                    batch.clear()
                }
            }
            try db.write(batch)
            let putSeconds = (ContinuousClock.now - putClock).seconds

            var found = 0
            let getClock = ContinuousClock.now
            for n in 0..<count {
                setKey((n &* 7919) % count)
                try key.withUnsafeBytes { k in
                    try db.withValue(store, key: k) { if $0?.count == 4 { found += 1 } }
                }
            }
            let getSeconds = (ContinuousClock.now - getClock).seconds
            #expect(found == count)
            print(
                "RocksDB puts: \(Int(Double(count) / putSeconds)) ops/s, pinned gets: \(Int(Double(count) / getSeconds)) ops/s"
            )
        }
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}

import Foundation
import StreamrunStores
import Testing

@Suite("RocksDB concurrency")
struct RocksConcurrencyTests {
    /// Runs `body(i)` for i in 0..<count, each on its own thread, and waits for all of them.
    private func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for i in 0..<count {
            group.enter()
            let thread = Thread {
                body(i)
                group.leave()
            }
            thread.start()
        }
        group.wait()
    }

    @Test("readers on several threads see consistent values while one thread writes")
    func readersWhileWriting() throws {
        try withRocksTempDir { dir throws in
            var settings = rocksTestSettings()
            settings.writeBufferBytes = 256 << 10  // force memtable switches and flushes meanwhile
            let db = try RocksDatabase(path: dir.path(), columnFamilies: ["s"], options: settings)
            let s = try #require(db.columnFamily("s"))
            let keys = 2000
            let rounds = 20
            let failures = RocksTestCounter()
            let hits = RocksTestCounter()

            onThreads(5) { thread in
                do {
                    if thread == 0 {
                        // Writer: every value is (round << 16 | key index), rounds only grow.
                        let batch = RocksWriteBatch()
                        for round in 1...rounds {
                            for i in 0..<keys {
                                try batch.put(
                                    s, key: rocksKey(i), value: [UInt8](rocksBigEndian: UInt32(round << 16 | i)))
                                if batch.count == 500 {
                                    try db.write(batch)
                                    batch.clear()
                                }
                            }
                            try db.write(batch)
                            batch.clear()
                        }
                    } else {
                        var lastRound = [Int](repeating: 0, count: keys)
                        for n in 0..<20_000 {
                            let i = (n &* 7919 &+ thread) % keys
                            let seen = try db.withValue(s, key: rocksKey(i)) { $0.map { Int($0.rocksBigEndianUInt32) } }
                            guard let seen else { continue }
                            hits.add()
                            // Right key, and a key's round never goes backwards for one reader.
                            if seen & 0xffff != i || seen >> 16 < lastRound[i] { failures.add() }
                            lastRound[i] = seen >> 16
                            if n % 5000 == 0 {
                                var count = 0
                                var previous: [UInt8] = []
                                try db.forEach(s) { key, _ in
                                    if count > 0 && !previous.lexicographicallyPrecedes(key) { failures.add() }
                                    previous = Array(key)
                                    count += 1
                                    return true
                                }
                                if count > keys { failures.add() }
                            }
                        }
                    }
                } catch {
                    failures.add()
                }
            }
            #expect(failures.value == 0)
            #expect(hits.value > 0)
            for i in [0, keys / 2, keys - 1] {
                #expect(try db.get(s, key: rocksKey(i)) == [UInt8](rocksBigEndian: UInt32(rounds << 16 | i)))
            }
        }
    }

    @Test("close while readers run: readers finish or get .closed, nothing crashes")
    func closeWhileReading() throws {
        try withRocksTempDir { dir throws in
            let db = try RocksDatabase(path: dir.path(), columnFamilies: ["s"], options: rocksTestSettings())
            let s = try #require(db.columnFamily("s"))
            for i in 0..<100 { try db.put(s, key: rocksKey(i), value: [1]) }
            let closedErrors = RocksTestCounter()
            let otherErrors = RocksTestCounter()

            onThreads(4) { thread in
                if thread == 0 {
                    Thread.sleep(forTimeInterval: 0.05)
                    db.close()
                    return
                }
                while true {
                    do {
                        _ = try db.withValue(s, key: rocksKey(thread)) { $0?.count }
                        try db.forEach(s, from: rocksKey(90)) { _, _ in true }
                    } catch let error as RocksDBError where error.code == .closed {
                        closedErrors.add()
                        return
                    } catch {
                        otherErrors.add()
                        return
                    }
                }
            }
            #expect(closedErrors.value == 3)
            #expect(otherErrors.value == 0)
            #expect(!db.isOpen)
        }
    }
}

/// A thread-safe counter for test bookkeeping.
final class RocksTestCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

import Foundation
import StreamrunStores
import Testing

@Suite("RocksDB errors")
struct RocksErrorTests {
    @Test("opening a path that is a regular file throws RocksDB's error")
    func pathIsAFile() throws {
        try withRocksTempDir { dir throws in
            let file = dir.path("plain-file")
            #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
            let error = try #require(throws: RocksDBError.self) {
                try RocksDatabase(path: file, columnFamilies: ["a"], options: rocksTestSettings())
            }
            #expect(error.code == .rocksdb)
            #expect(!error.message.isEmpty)
            #expect(error.description.contains(error.message))
        }
    }

    @Test("createIfMissing false refuses a missing database")
    func missingWithoutCreate() throws {
        try withRocksTempDir { dir throws in
            var settings = rocksTestSettings()
            settings.createIfMissing = false
            let error = try #require(throws: RocksDBError.self) {
                try RocksDatabase(path: dir.path("absent"), columnFamilies: [], options: settings)
            }
            #expect(error.code == .rocksdb)
            #expect(!FileManager.default.fileExists(atPath: dir.path("absent") + "/CURRENT"))
        }
    }

    @Test("a second open of the same path fails on the lock")
    func doubleOpen() throws {
        try withRocksTempDir { dir throws in
            let db = try RocksDatabase(path: dir.path(), columnFamilies: [], options: rocksTestSettings())
            #expect(throws: RocksDBError.self) {
                try RocksDatabase(path: dir.path(), columnFamilies: [], options: rocksTestSettings())
            }
            db.close()
            _ = try RocksDatabase(path: dir.path(), columnFamilies: [], options: rocksTestSettings())
        }
    }

    @Test("every use after close throws .closed instead of crashing")
    func useAfterClose() throws {
        try withRocksTempDir { dir throws in
            let db = try RocksDatabase(path: dir.path(), columnFamilies: ["a"], options: rocksTestSettings())
            let a = try #require(db.columnFamily("a"))
            try db.put(a, key: [1], value: [1])
            let batch = RocksWriteBatch()
            try batch.put(a, key: [2], value: [2])
            db.close()

            func expectClosed(_ what: String, _ body: () throws -> Void) {
                do {
                    try body()
                    Issue.record("\(what) did not throw after close")
                } catch let error as RocksDBError {
                    #expect(error.code == .closed, "\(what): \(error)")
                } catch {
                    Issue.record("\(what) threw \(error)")
                }
            }
            expectClosed("get") { _ = try db.get(a, key: [1]) }
            expectClosed("withValue") { _ = try db.withValue(a, key: [1]) { $0 } }
            expectClosed("write") { try db.write(batch) }
            expectClosed("put") { try db.put(a, key: [1], value: [1]) }
            expectClosed("delete") { try db.delete(a, key: [1]) }
            expectClosed("batch.put") { try batch.put(a, key: [3], value: [3]) }
            expectClosed("batch.delete") { try batch.delete(a, key: [3]) }
            expectClosed("forEach") { try db.forEach(a) { _, _ in true } }
            expectClosed("flush") { try db.flush() }
            #expect(db.approximateCount(a) == 0)
            #expect(db.property("rocksdb.stats") == nil)
            #expect(batch.count == 1)
        }
    }

    @Test("column families and batches of another database are rejected")
    func foreignObjects() throws {
        try withRocksTempDir { dir throws in
            let one = try RocksDatabase(path: dir.path("one"), columnFamilies: ["a"], options: rocksTestSettings())
            let two = try RocksDatabase(path: dir.path("two"), columnFamilies: ["a"], options: rocksTestSettings())
            let oneA = try #require(one.columnFamily("a"))
            let twoA = try #require(two.columnFamily("a"))

            let error = try #require(throws: RocksDBError.self) { try two.get(oneA, key: [1]) }
            #expect(error.code == .invalidArgument)

            let batch = RocksWriteBatch()
            try batch.put(oneA, key: [1], value: [1])
            #expect(throws: RocksDBError.self) { try batch.put(twoA, key: [1], value: [1]) }
            #expect(throws: RocksDBError.self) { try two.write(batch) }
            try one.write(batch)
            #expect(try one.get(oneA, key: [1]) == [1])
            #expect(try two.get(twoA, key: [1]) == nil)

            batch.clear()  // a cleared batch can serve another database
            try batch.put(twoA, key: [2], value: [2])
            try two.write(batch)
            #expect(try two.get(twoA, key: [2]) == [2])
        }
    }
}

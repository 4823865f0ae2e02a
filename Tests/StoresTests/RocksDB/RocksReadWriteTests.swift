import StreamrunStores
import Testing

@Suite("RocksDB reads and writes")
struct RocksReadWriteTests {
    @Test("batches put and delete in two column families independently")
    func batchesOnTwoColumnFamilies() throws {
        try withRocksTempDir { dir throws in
            let db = try RocksDatabase(path: dir.path(), columnFamilies: ["a", "b"], options: rocksTestSettings())
            let a = try #require(db.columnFamily("a"))
            let b = try #require(db.columnFamily("b"))
            #expect(a.id != b.id)

            let batch = RocksWriteBatch()
            try batch.put(a, key: [UInt8](rocksUTF8: "k1"), value: [1, 2, 3])
            try batch.put(a, key: [UInt8](rocksUTF8: "k2"), value: [4])
            try batch.put(b, key: [UInt8](rocksUTF8: "k1"), value: [9, 9])
            #expect(batch.count == 3)
            #expect(try db.get(a, key: [UInt8](rocksUTF8: "k1")) == nil, "nothing is visible before write")
            try db.write(batch)

            #expect(try db.get(a, key: [UInt8](rocksUTF8: "k1")) == [1, 2, 3])
            #expect(try db.get(a, key: [UInt8](rocksUTF8: "k2")) == [4])
            #expect(try db.get(b, key: [UInt8](rocksUTF8: "k1")) == [9, 9])
            #expect(try db.get(b, key: [UInt8](rocksUTF8: "k2")) == nil)

            batch.clear()
            #expect(batch.count == 0)
            try batch.delete(a, key: [UInt8](rocksUTF8: "k1"))
            try batch.put(b, key: [UInt8](rocksUTF8: "k1"), value: [7])
            try db.write(batch, sync: true)

            #expect(try db.get(a, key: [UInt8](rocksUTF8: "k1")) == nil)
            #expect(try db.get(a, key: [UInt8](rocksUTF8: "k2")) == [4])
            #expect(try db.get(b, key: [UInt8](rocksUTF8: "k1")) == [7])
        }
    }

    @Test("pinned reads see the stored bytes, nil for a missing key, empty for an empty value")
    func pinnedReads() throws {
        try withRocksTempDir { dir throws in
            let db = try RocksDatabase(path: dir.path(), columnFamilies: ["s"], options: rocksTestSettings())
            let s = try #require(db.columnFamily("s"))
            let batch = RocksWriteBatch()
            try batch.put(s, key: [1], value: [UInt8](rocksBigEndian: 0xDEAD_BEEF))
            try batch.put(s, key: [2], value: [])
            try db.write(batch)

            let value = try db.withValue(s, key: [1]) { $0.map { $0.rocksBigEndianUInt32 } }
            #expect(value == 0xDEAD_BEEF)
            let length = try db.withValue(s, key: [2]) { $0?.count }
            #expect(length == 0, "an empty value is found, not missing")
            let missing = try db.withValue(s, key: [3]) { $0 == nil }
            #expect(missing)
            #expect(try db.get(s, key: [3]) == nil)

            // Same through the raw-buffer overload, and after the data moved from memtable to SST.
            try db.flush()
            let key: [UInt8] = [1]
            let fromDisk = try key.withUnsafeBytes { raw in
                try db.withValue(s, key: raw) { $0.map { Array($0) } }
            }
            #expect(fromDisk == [0xDE, 0xAD, 0xBE, 0xEF])
        }
    }

    @Test("single puts and deletes, empty keys, and errors thrown by the read body pass through")
    func singleWrites() throws {
        struct Boom: Error {}
        try withRocksTempDir { dir throws in
            let db = try RocksDatabase(path: dir.path(), columnFamilies: [], options: rocksTestSettings())
            let d = db.defaultColumnFamily
            #expect(d.name == "default")
            try db.put(d, key: [], value: [42])
            try db.put(d, key: [5], value: [5], sync: true)
            #expect(try db.get(d, key: []) == [42])
            try db.delete(d, key: [5])
            #expect(try db.get(d, key: [5]) == nil)
            #expect(throws: Boom.self) { try db.withValue(d, key: []) { _ in throw Boom() } }
            // The database still works after a body threw while a value was pinned.
            #expect(try db.get(d, key: []) == [42])
        }
    }
}

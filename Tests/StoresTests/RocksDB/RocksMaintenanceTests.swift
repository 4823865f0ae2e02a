import StreamrunStores
import Testing

@Suite("RocksDB properties, flush and cache")
struct RocksMaintenanceTests {
    @Test("approximateCount is positive after writes, in memtable and after flush")
    func approximateCount() throws {
        try withRocksTempDir { dir throws in
            let settings = rocksTestSettings()
            let db = try RocksDatabase(path: dir.path(), columnFamilies: ["a", "b"], options: settings)
            let a = try #require(db.columnFamily("a"))
            let b = try #require(db.columnFamily("b"))
            #expect(db.approximateCount(a) == 0)
            let batch = RocksWriteBatch()
            for i in 0..<5000 { try batch.put(a, key: rocksKey(i), value: [1, 2, 3, 4]) }
            try db.write(batch)
            let inMemory = db.approximateCount(a)
            #expect(inMemory > 0)
            #expect(db.approximateCount(b) == 0)

            #expect(db.property("rocksdb.num-entries-active-mem-table", cf: a) == "5000")
            try db.flush()
            #expect(db.property("rocksdb.num-entries-active-mem-table", cf: a) == "0")
            #expect(db.property("rocksdb.num-files-at-level0", cf: a) == "1")
            let onDisk = db.approximateCount(a)
            #expect(onDisk >= 4000 && onDisk <= 6000, "estimate \(onDisk) should be near 5000")
            #expect(db.property("rocksdb.no-such-property") == nil)

            // Reading from SST goes through the block cache.
            _ = try db.get(a, key: rocksKey(1234))
            #expect(settings.blockCache.usageBytes > 0)
            #expect(settings.blockCache.capacityBytes == 8 << 20)
        }
    }

    @Test("one block cache is shared by several databases")
    func sharedCache() throws {
        try withRocksTempDir { dir throws in
            let cache = RocksBlockCache(capacityBytes: 4 << 20)
            let settings = RocksDBSettings(blockCache: cache, writeBufferBytes: 1 << 20)
            var usage = 0
            for name in ["one", "two"] {
                let db = try RocksDatabase(path: dir.path(name), columnFamilies: ["s"], options: settings)
                let s = try #require(db.columnFamily("s"))
                for i in 0..<100 { try db.put(s, key: rocksKey(i), value: [UInt8](repeating: 7, count: 100)) }
                try db.flush()
                #expect(try db.get(s, key: rocksKey(50)) == [UInt8](repeating: 7, count: 100))
                #expect(cache.usageBytes > usage, "the second database adds to the same cache")
                usage = cache.usageBytes
            }
        }
    }

    @Test(
        "every compression setting opens and round-trips",
        arguments: [
            RocksDBSettings.Compression.none, .snappy, .lz4, .zstd,
        ])
    func compression(_ compression: RocksDBSettings.Compression) throws {
        try withRocksTempDir { dir throws in
            var settings = rocksTestSettings()
            settings.compression = compression
            settings.bloomBitsPerKey = compression == .none ? 0 : 10
            let db = try RocksDatabase(path: dir.path(), columnFamilies: ["c"], options: settings)
            let c = try #require(db.columnFamily("c"))
            let value = [UInt8](repeating: 0x41, count: 4096)
            for i in 0..<200 { try db.put(c, key: rocksKey(i), value: value) }
            try db.flush()
            #expect(try db.get(c, key: rocksKey(199)) == value)
            #expect(try db.get(c, key: rocksKey(200)) == nil)
        }
    }
}

import StreamrunStores
import Testing

@Suite("RocksDB iteration")
struct RocksIterationTests {
    /// Runs `body` with a database whose column family "it" holds keys inserted out of order.
    private func withFilled(_ body: (RocksDatabase, RocksColumnFamily) throws -> Void) throws {
        try withRocksTempDir { dir throws in
            let db = try RocksDatabase(path: dir.path(), columnFamilies: ["it", "other"], options: rocksTestSettings())
            let it = try #require(db.columnFamily("it"))
            let batch = RocksWriteBatch()
            // Inserted out of order; byte order is what iteration must follow.
            for key in [[3], [1], [2, 0], [2], [0xff], [1, 5]] as [[UInt8]] {
                try batch.put(it, key: key, value: key.map { $0 &+ 1 })
            }
            try batch.put(try #require(db.columnFamily("other")), key: [0], value: [0])
            try db.write(batch)
            try body(db, it)
        }
    }

    private func keys(
        _ db: RocksDatabase, _ cf: RocksColumnFamily, from: [UInt8]? = nil,
        to: [UInt8]? = nil, limit: Int = .max
    ) throws -> [[UInt8]] {
        var seen: [[UInt8]] = []
        try db.forEach(cf, from: from, to: to) { key, value in
            #expect(Array(value) == Array(key).map { $0 &+ 1 })
            seen.append(Array(key))
            return seen.count < limit
        }
        return seen
    }

    @Test("visits keys in ascending byte order, only in the given column family")
    func order() throws {
        try withFilled { db, it throws in
            #expect(try keys(db, it) == [[1], [1, 5], [2], [2, 0], [3], [0xff]])
            try db.flush()
            #expect(try keys(db, it) == [[1], [1, 5], [2], [2, 0], [3], [0xff]], "same after flush to SST")
        }
    }

    @Test("from seeks to the first key at or after start; to stops before end; false stops")
    func bounds() throws {
        try withFilled { db, it throws in
            #expect(try keys(db, it, from: [2]) == [[2], [2, 0], [3], [0xff]])
            #expect(try keys(db, it, from: [1, 6]) == [[2], [2, 0], [3], [0xff]])
            #expect(try keys(db, it, from: [0xff, 0]) == [])
            #expect(try keys(db, it, from: [1], to: [2, 0]) == [[1], [1, 5], [2]])
            #expect(try keys(db, it, to: [1]) == [])
            #expect(try keys(db, it, limit: 2) == [[1], [1, 5]])
        }
    }

    @Test("an empty column family visits nothing; deleted keys are skipped")
    func emptyAndDeleted() throws {
        try withRocksTempDir { dir throws in
            let db = try RocksDatabase(path: dir.path(), columnFamilies: ["e"], options: rocksTestSettings())
            let e = try #require(db.columnFamily("e"))
            #expect(try keys(db, e) == [])
            try db.put(e, key: [1], value: [2])
            try db.put(e, key: [2], value: [3])
            try db.delete(e, key: [1])
            #expect(try keys(db, e) == [[2]])
        }
    }
}

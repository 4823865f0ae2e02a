import StreamrunStores

extension RocksDatabase {
    /// Whether `family` holds any key (reads at most one).
    func holdsKeys(_ family: RocksColumnFamily) throws -> Bool {
        var any = false
        try forEach(family) { _, _ in
            any = true
            return false
        }
        return any
    }
}

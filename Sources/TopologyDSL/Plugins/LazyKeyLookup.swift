/// Opens a sink's table on the first query, not when the topology is loaded (so `validate` and
/// `describe` never touch a database). Opening may block (a SQLite file): it runs on the
/// blocking-work pool.
final class LazyKeyLookup: Sendable {
    private let open: @Sendable () throws -> any KeyLookup
    private let opened = Locked<(any KeyLookup)?>(nil)

    init(_ open: @escaping @Sendable () throws -> any KeyLookup) { self.open = open }

    func value(for key: Value) async throws -> Value? {
        if let lookup = opened.withLock({ $0 }) { return try await lookup.value(for: key) }
        return try await BlockingWork.run { try self.openOnce() }.value(for: key)
    }

    private func openOnce() throws -> any KeyLookup {
        try opened.withLock { current in
            if let current { return current }
            let made = try open()
            current = made
            return made
        }
    }
}

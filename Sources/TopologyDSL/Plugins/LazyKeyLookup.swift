/// Opens a sink's table on the first query, not when the topology is loaded (so `validate` and
/// `describe` never touch a database).
final class LazyKeyLookup: Sendable {
    private let open: @Sendable () throws -> any KeyLookup
    private let opened = Locked<(any KeyLookup)?>(nil)

    init(_ open: @escaping @Sendable () throws -> any KeyLookup) { self.open = open }

    func value(for key: Value) throws -> Value? {
        let lookup = try opened.withLock { current in
            if let current { return current }
            let made = try open()
            current = made
            return made
        }
        return try lookup.value(for: key)
    }
}

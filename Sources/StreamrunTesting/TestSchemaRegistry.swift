public import Plugins
import TopologyDSL

/// A schema registry for driver tests, in memory, that a test can take down and bring back (a
/// fault as data): while it is down every question fails as an unreachable registry does
/// (`AvroError.Code.unreachable`), so a record whose writer schema the runner has not seen
/// yet waits at its offset, and is read again once the registry is back and its backoff (on the
/// driver's wall clock) has passed. Give it to the driver's plugins:
/// `BuiltinPlugins.registry(schemaIds: registry)`.
public final class TestSchemaRegistry: SchemaIdProvider, Sendable {
    private let ids = LocalSchemaIds()
    private let down = Locked(false)

    public init() {}

    /// Whether the registry answers nothing.
    public var isDown: Bool {
        get { down.withLock { $0 } }
        set { down.withLock { $0 = newValue } }
    }

    /// Registers `schema` under `id` (as another client would have), reachable or not.
    public func register(_ schema: AvroSchema, id: Int32, subject: String? = nil) throws {
        try ids.register(schema, id: id, subject: subject)
    }

    public func id(for schema: AvroSchema, subject: String) throws -> Int32 {
        try answering { try ids.id(for: schema, subject: subject) }
    }

    public func schema(id: Int32) throws -> AvroSchema {
        try answering { try ids.schema(id: id) }
    }

    private func answering<T>(_ body: () throws -> T) throws -> T {
        if isDown { throw AvroError("the test's schema registry is down", code: .unreachable) }
        return try body()
    }
}

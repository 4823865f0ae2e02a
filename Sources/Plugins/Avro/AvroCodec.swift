import TopologyDSL

/// Avro binary encoding and decoding of `Value`s for one schema through avro-c, safe to call from
/// several threads at once: each call borrows a `Workspace` (an avro-c value, memory writer and
/// reader) and gives it back, so records reuse C objects without sharing them. Idle workspaces sit
/// in a few lock-striped pools picked by thread, so threads rarely touch the same lock.
final class AvroCodec: Sendable {
    let schema: AvroSchema
    private let valueClass: AvroValueClass
    private let encoder: AvroValueEncoder
    private let decoder: AvroValueDecoder
    private let validator: AvroBinaryValidator
    private let root: AvroType
    private let pools: [Pool]
    /// Idle workspaces kept per pool beyond this many are freed.
    private static let maxIdle = 4

    /// One thread's avro-c objects for one call at a time.
    // @unchecked Sendable: used by one call on one thread at a time: borrowed from a Mutex-guarded pool and given
    // back to it, never shared while borrowed.
    final class Workspace: @unchecked Sendable {
        let value: AvroGenericValue
        let writer = AvroMemoryWriter()
        let reader = AvroMemoryReader()
        init(_ valueClass: AvroValueClass) throws(AvroError) { value = try AvroGenericValue(valueClass) }
    }

    private final class Pool: Sendable {
        let idle = Locked<[Workspace]>([])
    }

    init(schema: AvroSchema) throws(AvroError) {
        self.schema = schema
        valueClass = try AvroValueClass(schema: schema)
        encoder = AvroValueEncoder(names: schema.names)
        decoder = AvroValueDecoder(names: schema.names)
        validator = AvroBinaryValidator(names: schema.names)
        root = schema.type
        pools = (0..<ThreadSlot.count).map { _ in Pool() }
        // Fail here rather than on the first record if avro-c cannot make values of this schema.
        let first = try Workspace(valueClass)
        pools[0].idle.withLock { $0.append(first) }
    }

    /// Appends the Avro binary encoding of `value` to `out`.
    func encode(_ value: Value, into out: inout [UInt8]) throws(SerdeError) {
        let pool = pools[ThreadSlot.current]
        let workspace = try borrow(pool)
        defer { giveBack(workspace, pool) }
        workspace.value.reset()
        try encoder.encode(value, as: root, into: &workspace.value.raw)
        try workspace.writer.write(workspace.value, appendingTo: &out)
    }

    /// Decodes exactly one value from `bytes` (Avro binary, no framing).
    /// Checks that `bytes` are a value of the schema, without decoding them.
    func validate(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) {
        try validator.validate(bytes, as: root)
    }

    func decode(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) -> Value {
        try validator.validate(bytes, as: root)
        let pool = pools[ThreadSlot.current]
        let workspace = try borrow(pool)
        defer { giveBack(workspace, pool) }
        workspace.value.reset()
        try workspace.reader.read(bytes, into: workspace.value)
        return try decoder.decode(&workspace.value.raw, as: root)
    }

    private func borrow(_ pool: Pool) throws(SerdeError) -> Workspace {
        if let idle = pool.idle.withLock({ $0.popLast() }) { return idle }
        do { return try Workspace(valueClass) } catch { throw error.serdeError }
    }

    private func giveBack(_ workspace: Workspace, _ pool: Pool) {
        pool.idle.withLock { idle in if idle.count < Self.maxIdle { idle.append(workspace) } }
    }
}

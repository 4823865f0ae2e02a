internal import Synchronization
public import TopologyDSL

/// Reads and writes one Avro record type in Confluent's wire format, interchangeably with Confluent's
/// Kafka serializers. `schema` is both the writer's schema (what `serialize` writes, under the id
/// `ids` gives it for `subject`) and the reader's schema (what `deserialize` returns, resolving data
/// written with any other schema id into it: evolution with defaults). Thread-safe; the writer id and
/// each writer schema are fetched once and cached.
public final class AvroSerde: Serde {
    public let schema: AvroSchema
    public let subject: String
    public let ids: any SchemaIdProvider
    /// The name used in error messages (the topology's type name).
    public let typeName: String
    private let codec: AvroCodec
    /// The writer id once known (`unknownId` before): read without a lock on every record.
    private let ownId = Atomic<Int64>(AvroSerde.unknownId)
    private static let unknownId = Int64.min
    /// How to read each other schema id met so far.
    private let readers = Locked<[Int32: ReadPlan]>([:])

    /// How to read bytes framed with one schema id.
    private struct ReadPlan: Sendable {
        let codec: AvroCodec
        let resolver: AvroResolver?
    }

    public init(schema: AvroSchema, subject: String, ids: any SchemaIdProvider, typeName: String? = nil)
        throws(SerdeError)
    {
        self.schema = schema
        self.subject = subject
        self.ids = ids
        self.typeName = typeName ?? schema.name ?? "Avro value"
        do { codec = try AvroCodec(schema: schema) } catch { throw error.serdeError }
    }

    public func serialize(_ value: Value, into out: inout [UInt8]) throws(SerdeError) {
        let id = try writerId()
        let start = out.count
        ConfluentWireFormat.appendHeader(schemaId: id, to: &out)
        do { try codec.encode(value, into: &out) } catch {
            out.removeSubrange(start...)
            throw SerdeError(
                "cannot write \(typeName) as Avro: " + (error.field.map { "field '\($0)': " } ?? "")
                    + error.description,
                field: error.field)
        }
    }

    public func deserialize(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) -> Value {
        let framed: (schemaId: Int32, body: UnsafeRawBufferPointer)
        do { framed = try ConfluentWireFormat.split(bytes) } catch {
            throw SerdeError("cannot read \(typeName): \(error.description)")
        }
        let plan = try readPlan(framed.schemaId)
        do {
            let value = try plan.codec.decode(framed.body)
            guard let resolver = plan.resolver else { return value }
            return try resolver.resolve(value)
        } catch {
            throw SerdeError(
                "cannot read \(typeName) (schema id \(framed.schemaId)): "
                    + (error.field.map { "field '\($0)': " } ?? "") + error.description, field: error.field)
        }
    }

    /// Checks the frame, the schema id and the Avro body without building a value (keys that no
    /// operator reads are checked this way at the source).
    public func validate(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) {
        let framed: (schemaId: Int32, body: UnsafeRawBufferPointer)
        do { framed = try ConfluentWireFormat.split(bytes) } catch {
            throw SerdeError("cannot read \(typeName): \(error.description)")
        }
        do { try readPlan(framed.schemaId).codec.validate(framed.body) } catch {
            throw SerdeError(
                "cannot read \(typeName) (schema id \(framed.schemaId)): \(error.description)", field: error.field,
                code: error.code)
        }
    }

    /// The id this serde writes with: `ids.id(for: schema, subject: subject)`, asked once.
    public func writerId() throws(SerdeError) -> Int32 {
        let known = ownId.load(ordering: .acquiring)
        if known != Self.unknownId { return Int32(truncatingIfNeeded: known) }
        let id: Int32
        do { id = try ids.id(for: schema, subject: subject) } catch {
            throw SerdeError(
                "cannot get a schema id for \(typeName) under subject '\(subject)': \(error)",
                code: Self.code(of: error))
        }
        ownId.store(Int64(id), ordering: .releasing)
        return id
    }

    /// Fetches the writer id (`writerId()`), so a registry that cannot be reached is met before the first value.
    public func prepareToWrite() throws(SerdeError) { _ = try writerId() }

    /// `.unavailable` when the ids' provider could not be asked (it may answer later), else `.invalid`.
    private static func code(of error: any Error) -> SerdeError.Code {
        (error as? AvroError)?.isRetriable == true ? .unavailable : .invalid
    }

    private func readPlan(_ id: Int32) throws(SerdeError) -> ReadPlan {
        if Int64(id) == ownId.load(ordering: .acquiring) { return ReadPlan(codec: codec, resolver: nil) }
        if let plan = readers.withLock({ $0[id] }) { return plan }
        let writer: AvroSchema
        do { writer = try ids.schema(id: id) } catch {
            let code = Self.code(of: error)
            throw SerdeError(
                code == .unavailable
                    ? "cannot read \(typeName): cannot look up schema id \(id): \(error)"
                    : "cannot read \(typeName): unknown schema id \(id) (\(error))", code: code)
        }
        let plan: ReadPlan
        if writer.isSameSchema(as: schema) {
            plan = ReadPlan(codec: codec, resolver: nil)
        } else {
            do {
                let resolver = try AvroResolver(writer: writer, reader: schema)
                plan = ReadPlan(codec: try AvroCodec(schema: writer), resolver: resolver)
            } catch let error as SerdeError {
                throw SerdeError(
                    "cannot read \(typeName): data written with schema id \(id) cannot be read as \(schema.fullName ?? typeName): \(error.description)",
                    field: error.field)
            } catch {
                throw SerdeError("cannot read \(typeName): schema id \(id): \(error)")
            }
        }
        readers.withLock { $0[id] = plan }
        return plan
    }
}

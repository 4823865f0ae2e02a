/// A processor written against the Processor API (a plugin's, or a DSL closure's), with the
/// stores it declared (materialized by the graph like a table's).
public struct CustomProcessorSpec: OperatorSpec {
    public var kind: OperatorKind { .process }
    public var readsKey: Bool { true }
    /// The names of the stores the processor declared.
    public let stores: [String]
    public let make: @Sendable () throws -> any RecordProcessor

    public init(stores: [String], make: @escaping @Sendable () throws -> any RecordProcessor) {
        self.stores = stores
        self.make = make
    }
}

/// A stream or table as it is being lowered into the graph: its last node and what flows out of
/// it. The YAML compiler and the Swift DSL hold these and hand them to `GraphBuilder`'s operators.
public struct StreamRef: Sendable {
    public var id: Int
    public var isTable: Bool
    public var keyType: ValueType
    public var valueType: ValueType
    /// The key was changed since the topic was read, so grouping or joining must repartition.
    public var keyChanged: Bool

    public init(id: Int, isTable: Bool, keyType: ValueType, valueType: ValueType, keyChanged: Bool) {
        self.id = id
        self.isTable = isTable
        self.keyType = keyType
        self.valueType = valueType
        self.keyChanged = keyChanged
    }
}

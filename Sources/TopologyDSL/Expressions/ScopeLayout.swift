/// The ordered variables visible to an expression (e.g. `key`, `value`); each variable gets a slot index.
public struct ScopeLayout: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// One named, typed variable of a layout.
    public struct Variable: Sendable, Hashable {
        public var name: String
        public var type: ValueType
        public init(_ name: String, _ type: ValueType) {
            self.name = name
            self.type = type
        }
    }

    /// The variables in slot order: `variables[i]` lives in `scope[i]`.
    public private(set) var variables: [Variable]

    /// `ScopeLayout([("key", keyType), ("value", valueType)])`; a repeated name keeps its first slot, last type.
    public init(_ pairs: [(String, ValueType)]) {
        self.variables = []
        for (name, type) in pairs { append(name, type) }
    }

    public init(variables: [Variable]) {
        self.init(variables.map { ($0.name, $0.type) })
    }

    /// `["key": locationSku, "value": .int32]`, in written order.
    public init(dictionaryLiteral elements: (String, ValueType)...) {
        self.init(elements)
    }

    /// Adds a variable (replacing the type of an existing one with the same name) and returns its slot.
    @discardableResult
    public mutating func append(_ name: String, _ type: ValueType) -> Int {
        if let slot = slot(of: name) {
            variables[slot].type = type
            return slot
        }
        variables.append(Variable(name, type))
        return variables.count - 1
    }

    /// The slot index of `name`, if declared.
    public func slot(of name: String) -> Int? { variables.firstIndex { $0.name == name } }

    /// The variable names in slot order.
    public var names: [String] { variables.map(\.name) }

    public var count: Int { variables.count }

    /// A scope with one `.null` slot per variable, to be reused across evaluations.
    public func makeScope() -> Scope { Scope(slotCount: count) }
}

/// The lowering steps operators share: `step` (one node after a stream) and `repartitioned` (a
/// repartition first when the key was changed), beside `GraphBuilder`'s `add`, `materialize`,
/// `repartition` and `addStore`. Each operator's own lowering (its node names, key-change
/// tracking, the nodes it adds and the stores it is materialized in) is in its file in
/// `Operators/`. The YAML compiler and the Swift DSL both call these (their type rules stay
/// theirs: YAML infers from expressions, the DSL from Swift's types).
extension GraphBuilder {
    /// One step after `input`, named `name`: `spec` with the step's output types (the input's
    /// where nil); `changesKey` marks the key as changed (a later grouping or join repartitions).
    public mutating func step(
        _ input: StreamRef, named name: String, _ spec: some OperatorSpec, keyType: ValueType? = nil,
        valueType: ValueType? = nil, changesKey: Bool = false, detail: String? = nil,
        location: SourceLocation? = nil
    ) -> StreamRef {
        var out = input
        if let keyType { out.keyType = keyType }
        if let valueType { out.valueType = valueType }
        if changesKey { out.keyChanged = true }
        out.id = add(
            name, spec, parents: [input.id], keyType: out.keyType, valueType: out.valueType, detail: detail,
            location: location)
        return out
    }

    /// `input`, through `<application>-<name>-repartition` first if its key was changed.
    mutating func repartitioned(_ input: StreamRef, name: String, location: SourceLocation?) -> StreamRef {
        guard input.keyChanged else { return input }
        var out = input
        out.id = repartition(input.id, name: name, location: location)
        out.keyChanged = false
        return out
    }
}

/// The one lowering of table operators: grouping (and when it repartitions), aggregation, joins
/// of tables, tables read from topics or streams, and the stores they are materialized in.
extension GraphBuilder {
    /// `topic` read as the table `name` (`<name>-table-source`), materialized in `store`.
    public mutating func table(_ topic: TopicDeclaration, named name: String, store: String, kind: StoreKind,
                               timestamp: TimestampExtractor? = nil, location: SourceLocation? = nil) -> StreamRef {
        let id = add("\(name)-table-source", TableSourceSpec(timestamp: timestamp), parents: [], keyType: topic.keyType,
                     valueType: topic.valueType, topic: topic.name, detail: timestamp?.detail, location: location)
        materialize(id, store: store, kind: kind)
        return StreamRef(id: id, isTable: true, keyType: topic.keyType, valueType: topic.valueType, keyChanged: false)
    }

    /// `input` read as the table `name` (`<name>-to-table`, Kafka Streams' `toTable`), after a
    /// repartition if its key was changed, materialized in `store`.
    public mutating func toTable(_ input: StreamRef, named name: String, store: String, kind: StoreKind,
                                 location: SourceLocation? = nil) -> StreamRef {
        let source = repartitioned(input, name: name, location: location)
        let id = add("\(name)-to-table", ToTableSpec(), parents: [source.id], keyType: source.keyType,
                     valueType: source.valueType, location: location)
        materialize(id, store: store, kind: kind)
        return StreamRef(id: id, isTable: true, keyType: source.keyType, valueType: source.valueType, keyChanged: false)
    }

    /// Groups `input` by its key for the table `table` (`<table>-group-by-key`), repartitioning
    /// through `<application>-<table>-repartition` if the key was changed.
    public mutating func groupByKey(_ input: StreamRef, table: String, location: SourceLocation? = nil) -> StreamRef {
        let grouped = step(input, named: "\(table)-group-by-key", GroupByKeySpec(), location: location)
        return repartitioned(grouped, name: table, location: location)
    }

    /// Groups `input` by the key `spec` computes (`<table>-group-by`), always repartitioning.
    public mutating func groupBy(_ input: StreamRef, table: String, _ spec: SelectKeySpec, keyType: ValueType,
                                 detail: String? = nil, location: SourceLocation? = nil) -> StreamRef {
        let keyed = step(input, named: "\(table)-group-by", spec, keyType: keyType, changesKey: true, detail: detail,
                         location: location)
        return repartitioned(keyed, name: table, location: location)
    }

    /// Aggregates grouped records into the table `table` (`<table>-<reduce|aggregate|count>`),
    /// materialized in `store`.
    public mutating func aggregate(_ grouped: StreamRef, table: String, _ spec: some OperatorSpec, valueType: ValueType,
                                   store: String, kind: StoreKind, detail: String? = nil,
                                   location: SourceLocation? = nil) -> StreamRef {
        let id = add("\(table)-\(spec.kind.name)", spec, parents: [grouped.id], keyType: grouped.keyType, valueType: valueType,
                     detail: detail, location: location)
        materialize(id, store: store, kind: kind)
        return StreamRef(id: id, isTable: true, keyType: grouped.keyType, valueType: valueType, keyChanged: false)
    }

    /// Joins two tables into the table `name` (`<name>-<inner|left|outer>-join`), materialized in `store`.
    public mutating func tableJoin(_ left: StreamRef, _ right: StreamRef, named name: String, _ spec: TableJoinSpec,
                                   valueType: ValueType, store: String, kind: StoreKind, detail: String? = nil,
                                   location: SourceLocation? = nil) -> StreamRef {
        let id = add("\(name)-\(spec.joinType.name)-join", spec, parents: [left.id, right.id], keyType: left.keyType,
                     valueType: valueType, detail: detail, location: location)
        materialize(id, store: store, kind: kind)
        return StreamRef(id: id, isTable: true, keyType: left.keyType, valueType: valueType, keyChanged: false)
    }
}

import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine

/// Every operator kind has a spec the engine can make a processor from: a kind added without
/// its processor fails here, not as records silently passed through at run time.
@Suite struct OperatorSupplierTests {
    static let always: RecordPredicate = { _, _ in true }
    static let same: RecordMapper = { _, value in value }
    static let joiner: Joiner = { left, _ in left }

    static let builtIn: [any OperatorSpec] = [
        SourceSpec(), TableSourceSpec(), FilterSpec(readsKey: false, predicate: always), BranchSpec(predicate: always),
        MapValuesSpec(readsKey: false, mapper: same), SelectKeySpec(readsKey: false, mapper: same),
        SelectKeySpec(grouping: true, readsKey: false, mapper: same), MapSpec { key, value in (key, value) },
        PeekSpec(readsKey: false, line: same), FlatMapSpec(valuesOnly: true, readsKey: false, mapper: same),
        FlatMapSpec(valuesOnly: false, readsKey: false, mapper: same), ProcessSpec(transform: .mapValues { $0 }),
        GroupByKeySpec(), ReduceSpec(readsKey: false) { _, value, _ in value },
        AggregateSpec(readsKey: false, initializer: { .int(0) }) { _, _, aggregate in aggregate }, CountSpec(),
        ToTableSpec(), CustomProcessorSpec(stores: []) { throw EvaluationError("not run") },
        TableJoinSpec(.left, joiner: joiner), StreamTableJoinSpec(.inner, joiner: joiner), ToStreamSpec(), MergeSpec(),
        SinkSpec(), ExternalSinkSpec(plugin: PluginReference(name: "sqlite")),
    ]

    @Test func everyOperatorKindHasASpecThatMakesItsProcessor() {
        #expect(Set(Self.builtIn.map(\.kind)) == Set(OperatorKind.allCases))
        for spec in Self.builtIn {
            #expect(spec is any ProcessorSupplier, "\(type(of: spec)) (\(spec.kind)) makes no processor")
        }
    }

    @Test func onlyAggregationsJoinsOfTablesAndTableSourcesProduceTables() {
        let tables = Set(Self.builtIn.filter(\.producesTable).map(\.kind))
        #expect(tables == [.tableSource, .reduce, .aggregate, .count, .toTable, .tableJoin])
    }
}

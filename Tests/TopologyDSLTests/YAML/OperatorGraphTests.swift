import Foundation
import Testing
import TopologyDSL

@Suite struct OperatorGraphTests {
    static let yaml = """
        application: shop
        types:
          Order: { fields: { user: string, amount: int64, country: string } }
        topics:
          orders: { partitions: 2, key: string, value: Order }
          refunds: { partitions: 2, key: string, value: Order }
          users: { partitions: 2, key: string, value: string }
          big_orders: { partitions: 2, key: string, value: Order }
          per_user: { partitions: 2, key: string, value: int64 }
        streams:
          all:
            from: [orders, refunds]
            steps:
              - filter: "value.amount > 0"
              - peek: "'order ' + value.user"
          enriched:
            from: all
            steps:
              - left-join: { table: names, value: "{user: left.user, amount: left.amount, country: right ?? 'unknown'}" }
          routed:
            from: all
            steps:
              - branch: { large: "value.amount >= 100", small: default }
          bigs:
            from: large
            to: big_orders
        tables:
          names: { from: users }
          spend:
            from: all
            group-by: value.user
            key-type: string
            aggregate: { initial: "0", apply: "aggregate + value.amount", type: int64 }
            to: per_user
          order_count: { from: orders, count: true }
        """

    @Test func compilesEveryOperatorKind() throws {
        let graph = try TestPlugins.load(Self.yaml)
        let kinds = Set(graph.nodes.map(\.kind))
        for kind: OperatorKind in [
            .source, .tableSource, .merge, .filter, .peek, .streamTableJoin, .branch, .groupBy,
            .aggregate, .count, .sink, .toStream, .groupByKey,
        ] {
            #expect(kinds.contains(kind), "missing \(kind)")
        }
    }

    @Test func groupByRepartitionsIntoANewSubtopology() throws {
        let graph = try TestPlugins.load(Self.yaml)
        let repartition = try #require(graph.topic("shop-spend-repartition"))
        #expect(repartition.isInternal && repartition.partitions == 2)
        let aggregate = try #require(graph.node(named: "spend-aggregate"))
        let sink = try #require(graph.node(named: "spend-repartition-sink"))
        #expect(graph.subtopology(containing: aggregate.id)?.id != graph.subtopology(containing: sink.id)?.id)
        #expect(graph.subtopology(containing: aggregate.id)?.sourceTopics == ["shop-spend-repartition"])
        #expect(aggregate.valueType == .int64)
    }

    @Test func storesDefaultToTheTableName() throws {
        let graph = try TestPlugins.load(Self.yaml)
        #expect(Set(graph.stores.map(\.name)) == ["names", "spend", "order_count"])
        #expect(graph.store("order_count")?.valueType == .int64)
    }

    @Test func addingAnOperatorDoesNotRenameStores() throws {
        let before = try TestPlugins.load(Self.yaml)
        let after = try TestPlugins.load(
            Self.yaml.replacingOccurrences(
                of: "      - filter: \"value.amount > 0\"\n",
                with: "      - filter: \"value.amount > 0\"\n      - filter: \"value.country != 'XX'\"\n"))
        #expect(before.stores.map(\.changelogTopic) == after.stores.map(\.changelogTopic))
        #expect(after.nodes.count == before.nodes.count + 1)
    }

    @Test func branchesRouteToTheFirstMatch() throws {
        let graph = try TestPlugins.load(Self.yaml)
        let large = try #require(graph.node(named: "routed-branch-large")?.spec(BranchSpec.self)?.predicate)
        let small = try #require(graph.node(named: "routed-branch-small")?.spec(BranchSpec.self)?.predicate)
        let big: Value = .record(Fields([("user", "u"), ("amount", .int(150)), ("country", "NL")]))
        let little: Value = .record(Fields([("user", "u"), ("amount", .int(5)), ("country", "NL")]))
        #expect(try large(.null, big) && !small(.null, big))
        #expect(try !large(.null, little) && small(.null, little))
    }
}

import Testing
import TopologyDSL

/// Every stream operator in the DSL, checked against a YAML topology that declares the same graph
/// (the one of OperatorGraphTests), and its closures run on values.
@Suite struct OperatorTwinTests {
    static var yaml: String { OperatorGraphTests.yaml }

    struct Order: StreamRecord, Equatable {
        var user: String
        var amount: Int64
        var country: String
    }

    /// YAML names the type of an object literal after its fields.
    struct Enriched: StreamRecord, Equatable {
        static let typeName = "{user: string, amount: int64, country: string}"
        var user: String
        var amount: Int64
        var country: String
    }

    static func shop() throws -> TopologyGraph {
        try Topology(application: "shop") {
            let orders = Topic<String, Order>("orders", partitions: 2)
            let refunds = Topic<String, Order>("refunds", partitions: 2)
            let users = Topic<String, String>("users", partitions: 2)
            let bigOrders = Topic<String, Order>("big_orders", partitions: 2)
            let perUser = Topic<String, Int64>("per_user", partitions: 2)
            orders
            refunds
            users
            bigOrders
            perUser

            let all = orders.stream().merge(refunds.stream(), named: "all")
                .filter { _, order in order.amount > 0 }
                .peek { _, _ in }
            let names = users.table(named: "names")
            all.named("enriched").leftJoin(names) { order, country in
                Enriched(user: order.user, amount: order.amount, country: country ?? "unknown")
            }
            let routed = all.named("routed").branch(
                Branch("large") { _, order in order.amount >= 100 }, Branch("small"))
            routed["large"].named("bigs").to(bigOrders)
            names
            all.groupBy { _, order in order.user }
                .aggregate(named: "spend", initial: Int64(0)) { total, order in total + order.amount }
                .to(perUser)
            orders.stream().groupByKey().count(named: "order_count")
        }.build()
    }

    static let big = Order(user: "ann", amount: 150, country: "NL")
    static let small = Order(user: "bob", amount: 5, country: "BE")

    @Test func describesTheSameJSONAsTheYAML() throws {
        let dsl = try Self.shop()
        let yaml = try TestPlugins.load(Self.yaml)
        #expect(dsl.nodes.map(\.name) == yaml.nodes.map(\.name))
        #expect(TopologyDescription(dsl).json == TopologyDescription(yaml).json)
        #expect(dsl.subtopologies == yaml.subtopologies)
        #expect(dsl.topics == yaml.topics)
    }

    @Test func branchesRouteToTheFirstMatch() throws {
        let graph = try Self.shop()
        let large = try #require(graph.node(named: "routed-branch-large")?.spec(BranchSpec.self)?.predicate)
        let small = try #require(graph.node(named: "routed-branch-small")?.spec(BranchSpec.self)?.predicate)
        let big = try Self.big.streamValue
        let little = try Self.small.streamValue
        #expect(try large("k", big) && !small("k", big))
        #expect(try !large("k", little) && small("k", little))
    }

    @Test func filterAggregateAndStreamJoinRunTheirClosures() throws {
        let graph = try Self.shop()
        let filter = try #require(graph.node(named: "all-1-filter")?.spec(FilterSpec.self)?.predicate)
        #expect(try filter("k", Self.big.streamValue))
        #expect(try !filter("k", Order(user: "x", amount: 0, country: "").streamValue))
        let spend = try #require(graph.node(named: "spend-aggregate")?.spec(AggregateSpec.self))
        let initial = try spend.initializer()
        #expect(initial == .int(0))
        #expect(try spend.aggregator("ann", Self.big.streamValue, initial) == .int(150))
        let groupBy = try #require(graph.node(named: "spend-group-by")?.spec(SelectKeySpec.self)?.mapper)
        #expect(try groupBy("k", Self.big.streamValue) == "ann")
        let join = try #require(graph.node(named: "enriched-1-left-join"))
        #expect(join.joinType == .left)
        let joiner = try #require(join.joiner)
        let joined = try joiner(Self.big.streamValue, .null)
        #expect(try Enriched(streamValue: joined) == Enriched(user: "ann", amount: 150, country: "unknown"))
        #expect(try join.joiner?(Self.big.streamValue, "NL")[field: "country"] == "NL")
        #expect(graph.node(named: "order_count-count")?.spec(CountSpec.self) != nil)
    }

    @Test func closuresThatReadOnlyValuesDoNotAskForTheKey() throws {
        let graph = try Self.shop()
        #expect(graph.node(named: "spend-aggregate")?.spec.readsKey == false)
        #expect(graph.node(named: "all-1-filter")?.spec.readsKey == true)
    }
}

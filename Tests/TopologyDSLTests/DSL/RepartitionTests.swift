import Testing
import TopologyDSL

/// Key changes and `groupBy` route records through repartition topics named as YAML names them.
@Suite struct RepartitionTests {
    static let yaml = """
        application: rekey
        types:
          Click: { fields: { user: string, page: string } }
        topics:
          clicks: { partitions: 4, key: string, value: Click }
          users: { partitions: 4, key: string, value: string }
          labeled_clicks: { partitions: 4, key: string, value: string }
        streams:
          by_page:
            from: clicks
            steps:
              - select-key: value.page
          labeled:
            from: by_page
            steps:
              - left-join: { table: users_table, value: "right ?? 'anonymous'" }
            to: labeled_clicks
        tables:
          users_table: { from: users }
          page_views: { from: by_page, count: true }
          last_click:
            from: clicks
            group-by: value.user
            reduce: value
        """

    struct Click: StreamRecord, Equatable {
        var user: String
        var page: String
    }

    static func rekey() throws -> TopologyGraph {
        try Topology(application: "rekey") {
            let clicks = Topic<String, Click>("clicks", partitions: 4)
            let users = Topic<String, String>("users", partitions: 4)
            let labeledClicks = Topic<String, String>("labeled_clicks", partitions: 4)
            clicks
            users
            labeledClicks

            let byPage = clicks.stream(named: "by_page").selectKey { _, click in click.page }
            let usersTable = users.table(named: "users_table")
            byPage.named("labeled").leftJoin(usersTable) { _, user in user ?? "anonymous" }.to(labeledClicks)
            byPage.groupByKey().count(named: "page_views")
            clicks.stream().groupBy { _, click in click.user }.reduce(named: "last_click") { _, latest in latest }
        }.build()
    }

    @Test func describesTheSameJSONAsTheYAML() throws {
        let dsl = try Self.rekey()
        let yaml = try TestPlugins.load(Self.yaml)
        #expect(dsl.nodes.map(\.name) == yaml.nodes.map(\.name))
        #expect(TopologyDescription(dsl).json == TopologyDescription(yaml).json)
    }

    @Test func groupByRepartitionsThroughAnInternalTopic() throws {
        let graph = try Self.rekey()
        let topic = try #require(graph.topic("rekey-last_click-repartition"))
        #expect(topic.isInternal && topic.partitions == 4 && topic.keyType == .string)
        let reduce = try #require(graph.node(named: "last_click-reduce"))
        let sink = try #require(graph.node(named: "last_click-repartition-sink"))
        #expect(graph.subtopology(containing: reduce.id)?.sourceTopics == ["rekey-last_click-repartition"])
        #expect(graph.subtopology(containing: sink.id)?.id != graph.subtopology(containing: reduce.id)?.id)
        let groupBy = try #require(graph.node(named: "last_click-group-by")?.spec(SelectKeySpec.self)?.mapper)
        #expect(try groupBy("c1", Click(user: "ann", page: "/home").streamValue) == "ann")
    }

    @Test func groupingOrJoiningARekeyedStreamRepartitions() throws {
        let graph = try Self.rekey()
        #expect(graph.topic("rekey-page_views-repartition") != nil)
        #expect(graph.topic("rekey-labeled-1-left-join-repartition") != nil)
        let join = try #require(graph.node(named: "labeled-1-left-join"))
        #expect(
            join.parents.map { graph.nodes[$0].name } == [
                "labeled-1-left-join-repartition-source", "users_table-table-source",
            ])
        let selectKey = try #require(graph.node(named: "by_page-1-select-key")?.spec(SelectKeySpec.self)?.mapper)
        #expect(try selectKey("c1", Click(user: "ann", page: "/home").streamValue) == "/home")
        #expect(try join.joiner?(Click(user: "ann", page: "/").streamValue, .null) == "anonymous")
    }

    @Test func groupingAnUnchangedKeyDoesNotRepartition() throws {
        let graph = try Topology(application: "app") {
            let events = Topic<String, Int64>("events", partitions: 2)
            events.stream().filter { _, value in value > 0 }.groupByKey().reduce(named: "totals") { $0 + $1 }
        }.build()
        #expect(!graph.topics.contains { $0.name.hasSuffix("-repartition") })
        #expect(graph.subtopologies.count == 1)
        #expect(
            graph.nodes.map(\.name) == ["events-source", "events-1-filter", "totals-group-by-key", "totals-reduce"])
    }
}

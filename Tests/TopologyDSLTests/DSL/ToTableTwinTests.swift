import Testing

@testable import TopologyDSL

/// `KStream.toTable` and YAML's table from a stream lower to the same graph.
@Suite struct ToTableTwinTests {
    @Test func theDSLAndTheYAMLDescribeTheSameGraph() throws {
        let yaml = try TestPlugins.load(
            """
            application: latest
            topics:
              clicks: { partitions: 2, key: string, value: string }
              out: { partitions: 2, key: string, value: string }
            streams:
              by_page:
                from: clicks
                steps:
                  - select-key: value
            tables:
              last_click: { from: by_page, to: out }
            """)
        let dsl = try Topology(application: "latest") {
            let clicks = Topic<String, String>("clicks", partitions: 2)
            let out = Topic<String, String>("out", partitions: 2)
            clicks
            out  // declared in the YAML's order
            clicks.stream(named: "by_page").selectKey { _, value in value }.toTable(named: "last_click").to(out)
        }.build()
        #expect(TopologyDescription(dsl).json == TopologyDescription(yaml).json)
        #expect(yaml.node(named: "last_click-to-table")?.isTable == true)
        #expect(yaml.store("last_click")?.node == yaml.node(named: "last_click-to-table")?.id)
    }
}

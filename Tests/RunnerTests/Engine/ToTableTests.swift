import Foundation
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine

/// A stream read as a table (`tables: t: { from: stream }`, Kafka Streams' `toTable`): each key's
/// latest value, a null value deleting it, repartitioned first when the key was changed.
@Suite(.serialized) struct ToTableTests {
    static let yaml = """
        application: latest
        types:
          Click: { fields: { user: string, page: string } }
        topics:
          clicks: { partitions: 2, key: string, value: Click }
          pages: { partitions: 2, key: string, value: string }
          last_page_out: { partitions: 2, key: string, value: string }
        streams:
          by_user:
            from: clicks
            steps:
              - select-key: value.user
              - map-values: value.page
        tables:
          last_page: { from: by_user, to: last_page_out }
          page_titles: { from: pages }
        """

    static func click(_ user: String, _ page: String) -> Value {
        .record(Fields([("user", .string(user)), ("page", .string(page))]))
    }

    @Test func eachKeyKeepsItsLatestValueAfterARepartitionAndTheTableIsWrittenOnwards() async throws {
        let t = try await RunningTopology.start(yaml: Self.yaml)
        #expect(t.runner.graph.repartitionTopics.map(\.name) == ["latest-last_page-repartition"])
        _ = try await t.send("clicks", key: "c1", value: Self.click("ann", "/home"))
        _ = try await t.send("clicks", key: "c2", value: Self.click("bob", "/cart"))
        _ = try await t.send("clicks", key: "c3", value: Self.click("ann", "/checkout"))
        #expect(try await t.value("last_page", "ann") { $0 == "/checkout" } == "/checkout")
        #expect(try await t.value("last_page", "bob") { $0 == "/cart" } == "/cart")
        try await Eventually.wait("the table's updates written on") {
            try t.records("last_page_out").contains { $0.key == "ann" && $0.value == "/checkout" }
        }
        try await t.stop()
    }

    @Test func aNullValueDeletesTheKey() async throws {
        let yaml = """
            application: latest_titles
            topics:
              titles: { partitions: 1, key: string, value: string }
            streams:
              trimmed: { from: titles, steps: [ { filter: "true" } ] }
            tables:
              current: { from: trimmed }
            """
        let t = try await RunningTopology.start(yaml: yaml)
        _ = try await t.send("titles", key: "p1", value: "Home")
        _ = try await t.send("titles", key: "p2", value: "Cart")
        #expect(try await t.value("current", "p1") { $0 == "Home" } == "Home")
        _ = try await t.send("titles", key: "p1", value: .null)
        _ = try await t.send("titles", key: "p2", value: "Basket")
        // Processed after the delete: once p2 changed, the delete of p1 was applied too.
        #expect(try await t.value("current", "p2") { $0 == "Basket" } == "Basket")
        #expect(try await t.runner.lookup(store: "current", key: "p1") == nil)
        try await t.stop()
    }
}

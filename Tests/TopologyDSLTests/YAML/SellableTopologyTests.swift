import Foundation
import Testing
import TopologyDSL

@Suite struct SellableTopologyTests {
    let graph: TopologyGraph

    init() throws {
        graph = try TopologyLoader(plugins: TestPlugins.registry).load(file: TestPlugins.sellablePath)
    }

    @Test func namesOperatorsAndStoresFromTheDeclaration() {
        #expect(graph.application == "sellableInventoryCalculator")
        let names = graph.nodes.map(\.name)
        #expect(names.contains("adjustments-reduce"))
        #expect(names.contains("reservations-reduce"))
        #expect(names.contains("sellable-left-join"))
        #expect(names.contains("sellable-sink"))
        #expect(graph.stores.map(\.name).sorted() == ["adjustments", "reservations", "sellable_inventory_store"])
        #expect(
            graph.store("sellable_inventory_store")?.changelogTopic
                == "sellableInventoryCalculator-sellable_inventory_store-changelog")
    }

    @Test func joinsBothTablesInOneCoPartitionedSubtopology() throws {
        #expect(graph.subtopologies.count == 1)
        let sub = try #require(graph.subtopologies.first)
        #expect(Set(sub.sourceTopics) == ["inventory_adjustment", "inventory_reservation"])
        #expect(sub.sinkTopics == ["sellable_inventory"])
        #expect(sub.partitions == 3)
        let join = try #require(graph.node(named: "sellable-left-join"))
        #expect(join.joinType == .left)
        #expect(join.parents.map { graph.nodes[$0].name } == ["adjustments-reduce", "reservations-reduce"])
        #expect(join.valueType == .int32)
    }

    @Test func createsCompactedChangelogsWithTheTaskPartitionCount() {
        let changelogs = graph.topics.filter { $0.name.hasSuffix("-changelog") }
        #expect(changelogs.count == 3)
        #expect(changelogs.allSatisfy { $0.compacted && $0.isInternal && $0.partitions == 3 })
    }

    @Test func httpEndpointsBuildKeysAndRenderReplies() throws {
        let command = try #require(graph.http.commands.first { $0.path == "/inventory/adjustment" })
        let body: Value = .record(Fields([("locationId", "STL"), ("sku", "123123"), ("count", "100")]))
        let key = try command.key(RequestValues(body: body))
        #expect(key == .record(Fields([("location", "STL"), ("sku", "123123")])))
        #expect(try command.value(RequestValues(body: body)) == .int(100))
        #expect(
            try command.reply("inventory_adjustment", 2, 1, key, .int(100)).text
                == "Updated Inventory [inventory_adjustment-2@1]")
        let reservation = try #require(graph.http.commands.first { $0.path == "/inventory/reservation" })
        #expect(
            try reservation.reply("inventory_reservation", 2, 7, key, .int(10)).text
                == "Inventory Reservation requested on Partition {2}")
        let query = try #require(graph.http.queries.first)
        let reply = try query.reply(key, .int(190))
        #expect(reply.text == #"{"locationId":"STL","sku":"123123","count":190}"#)
        #expect(reply.contentType == "application/json")
    }

    @Test func commandsAcceptLocationAndNumericCounts() throws {
        let command = try #require(graph.http.commands.first)
        let body: Value = .record(Fields([("location", "STL"), ("sku", "1"), ("count", .int(10))]))
        #expect(try command.key(RequestValues(body: body))[field: "location"] == "STL")
        #expect(try command.value(RequestValues(body: body)) == .int(10))
    }

    @Test func badRequestValuesNameTheField() throws {
        let command = try #require(graph.http.commands.first)
        func fieldError(_ pairs: [(String, Value)], _ function: RequestFunction) -> String? {
            do {
                _ = try function(RequestValues(body: .record(Fields(pairs))))
                return nil
            } catch let error as EvaluationError { return error.field } catch { return "other: \(error)" }
        }
        #expect(fieldError([("locationId", "STL"), ("count", "1")], command.key) == "sku")
        #expect(fieldError([("sku", "1"), ("count", "1")], command.key) == "locationId")
        #expect(fieldError([("count", "abc")], command.value) == "count")
        #expect(fieldError([("count", .int(5_000_000_000))], command.value) == "count")
        #expect(fieldError([("sku", .int(5)), ("locationId", "x")], command.key) == "sku")
    }

    @Test func describesTheGraphAsTextJSONAndMermaid() {
        let description = TopologyDescription(graph)
        #expect(
            description.text.contains(
                "Processor(table-table-join): sellable-left-join (store: sellable_inventory_store) (left join)"))
        #expect(description.text.contains("Sink: sellable-sink (topic: sellable_inventory)"))
        #expect(description.json.hasPrefix(#"{"application":"sellableInventoryCalculator""#))
        #expect(description.mermaid.hasPrefix("flowchart LR"))
        #expect(description.mermaid.contains("sellable_left_join"))
    }
}

import SellableInventory
import Testing
import TopologyDSL

/// The Swift DSL twin of topologies/sellable.yaml compiles to the same graph and behaves the same.
@Suite struct SellableTwinTests {
    let dsl: TopologyGraph
    let yaml: TopologyGraph

    init() throws {
        dsl = try sellableInventoryTopology()
        yaml = try TopologyLoader(plugins: TestPlugins.registry).load(file: TestPlugins.sellablePath)
    }

    @Test func describesTheSameJSONAsTheYAML() {
        #expect(TopologyDescription(dsl).json == TopologyDescription(yaml).json)
    }

    @Test func hasTheSameNodesStoresAndTopics() {
        #expect(dsl.nodes.map(\.name) == yaml.nodes.map(\.name))
        #expect(dsl.nodes.map(\.kind) == yaml.nodes.map(\.kind))
        #expect(dsl.nodes.map(\.parents) == yaml.nodes.map(\.parents))
        #expect(dsl.nodes.map(\.keyType) == yaml.nodes.map(\.keyType))
        #expect(dsl.nodes.map(\.valueType) == yaml.nodes.map(\.valueType))
        #expect(dsl.nodes.map(\.readsKeyForComparison) == yaml.nodes.map(\.readsKeyForComparison))
        #expect(dsl.stores == yaml.stores)
        #expect(dsl.topics == yaml.topics)
        #expect(dsl.subtopologies == yaml.subtopologies)
        #expect(dsl.http.commands.map(\.path) == yaml.http.commands.map(\.path))
        #expect(dsl.http.commands.map(\.topic) == yaml.http.commands.map(\.topic))
        #expect(dsl.http.queries.map(\.path) == yaml.http.queries.map(\.path))
        #expect(dsl.http.queries.map(\.store) == yaml.http.queries.map(\.store))
    }

    @Test func reducersSumLikeTheYAMLExpressions() throws {
        for name in ["adjustments-reduce", "reservations-reduce"] {
            let reduce = try #require(dsl.node(named: name)?.spec(ReduceSpec.self)?.reducer)
            let expected = try #require(yaml.node(named: name)?.spec(ReduceSpec.self)?.reducer)
            #expect(try reduce(.null, .int(10), .int(90)) == .int(100))
            #expect(try reduce(.null, .int(-5), .int(90)) == expected(.null, .int(-5), .int(90)))
        }
    }

    @Test func leftJoinSubtractsReservationsOrNothing() throws {
        let join = try #require(dsl.node(named: "sellable-left-join"))
        #expect(join.joinType == .left)
        let joiner = try #require(join.joiner)
        #expect(try joiner(.int(100), .int(10)) == .int(90))
        #expect(try joiner(.int(100), .null) == .int(100))
        let yamlJoiner = try #require(yaml.node(named: "sellable-left-join")?.joiner)
        #expect(try joiner(.int(7), .int(3)) == yamlJoiner(.int(7), .int(3)))
    }

    @Test func joinerReportsValuesOfTheWrongType() throws {
        let joiner = try #require(dsl.node(named: "sellable-left-join")?.joiner)
        #expect(throws: EvaluationError.self) { try joiner(.string("x"), .null) }
        #expect(throws: EvaluationError.self) { try joiner(.int(1), .int(Int64(Int32.max) + 1)) }
    }

    @Test func commandsBuildTheSameKeysValuesAndReplies() throws {
        let bodies: [Value] = [
            .record(Fields([("locationId", "STL"), ("sku", "123123"), ("count", "100")])),
            .record(Fields([("location", "STL"), ("sku", "1"), ("count", .int(10))])),
            .record(Fields([("locationId", "KC"), ("location", "STL"), ("sku", "9"), ("count", " 42 ")])),
        ]
        for (mine, theirs) in zip(dsl.http.commands, yaml.http.commands) {
            for body in bodies {
                let request = RequestValues(body: body)
                let key = try mine.key(request)
                let value = try mine.value(request)
                #expect(key == (try theirs.key(request)))
                #expect(value == (try theirs.value(request)))
                let reply = try mine.reply(mine.topic, 2, 1, key, value)
                #expect(reply == (try theirs.reply(theirs.topic, 2, 1, key, value)))
            }
        }
        let adjustment = try #require(dsl.http.commands.first)
        #expect(
            try adjustment.reply("inventory_adjustment", 2, 1, .null, .null).text
                == "Updated Inventory [inventory_adjustment-2@1]")
        let reservation = try #require(dsl.http.commands.last)
        #expect(
            try reservation.reply("inventory_reservation", 2, 7, .null, .null).text
                == "Inventory Reservation requested on Partition {2}")
    }

    @Test func badCommandBodiesNameTheSameFieldsAsTheYAML() throws {
        let bodies: [[(String, Value)]] = [
            [("locationId", "STL"), ("count", "1")],
            [("sku", "1"), ("count", "1")],
            [("locationId", "STL"), ("sku", "1"), ("count", "abc")],
            [("locationId", "STL"), ("sku", "1"), ("count", .int(5_000_000_000))],
            [("locationId", "STL"), ("sku", "1")],
            [("sku", .int(5)), ("locationId", "x"), ("count", "1")],
        ]
        let mine = try #require(dsl.http.commands.first)
        let theirs = try #require(yaml.http.commands.first)
        for pairs in bodies {
            let request = RequestValues(body: .record(Fields(pairs)))
            let expected = fieldError {
                _ = try theirs.key(request)
                _ = try theirs.value(request)
            }
            #expect(expected != nil)
            #expect(
                fieldError {
                    _ = try mine.key(request)
                    _ = try mine.value(request)
                } == expected, "\(pairs)")
        }
    }

    @Test func queryBuildsTheKeyFromThePathAndRendersTheSameJSON() throws {
        let mine = try #require(dsl.http.queries.first)
        let theirs = try #require(yaml.http.queries.first)
        let request = RequestValues(path: .record(Fields([("location", "STL"), ("sku", "123123")])))
        let key = try mine.key(request)
        #expect(key == .record(Fields([("location", "STL"), ("sku", "123123")])))
        #expect(key == (try theirs.key(request)))
        let reply = try mine.reply(key, .int(190))
        #expect(reply.text == #"{"locationId":"STL","sku":"123123","count":190}"#)
        #expect(reply == (try theirs.reply(key, .int(190))))
        #expect(fieldError { _ = try mine.key(RequestValues(path: .record(Fields([("location", "STL")])))) } == "sku")
    }

    @Test func theKeyTypeIsTheYAMLRecordType() {
        #expect(
            LocationSku.streamType
                == .record("LocationSku", [.init("location", .string), .init("sku", .string)], serde: "avro"))
        #expect(dsl.topic("inventory_adjustment")?.keyType == yaml.topic("inventory_adjustment")?.keyType)
    }
}

/// The `field` of the `EvaluationError` `body` throws, nil if it throws none.
func fieldError(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as EvaluationError {
        return error.field ?? "<no field>"
    } catch {
        return "other: \(error)"
    }
}

extension GraphNode {
    var readsKeyForComparison: Bool { spec.readsKey }
    /// A join's joiner, whichever join it is.
    var joiner: Joiner? { (spec as? any JoinOperatorSpec)?.joiner }
}

import Testing
import TopologyDSL

/// Stateless steps: names, types and the Value closures the runner calls.
@Suite struct StreamStepTests {
    struct Line: StreamRecord {
        var text: String
        var lang: String
    }

    static func graph() throws -> TopologyGraph {
        try Topology(application: "words") {
            let lines = Topic<String, Line>("lines", partitions: 2)
            let words = Topic<String, Int32>("words", partitions: 2)
            // Split with `let`s: one long chain of closures with overloaded initializers type-checks slowly.
            let texts = lines.stream()
                .filterNot { _, line in line.text.isEmpty }
                .mapValues { line in line.text.lowercased() }
            let tokens = texts.flatMapValues { text in text.split(separator: " ").map(String.init) }
            let lengths = tokens.map { _, word in (word, Int32(word.count)) }
            let doubled = lengths.flatMap { word, length in [(word, length), (word.uppercased(), length)] }
            doubled
                .mapValues(named: "keyed-length") { word, length in length + Int32(word.count) }
                .selectKey { word, _ in String(word.reversed()) }
                .peek { _, _ in }
                .to(words)
        }.build()
    }

    @Test func stepsAreNumberedUnderTheStreamName() throws {
        #expect(
            try Self.graph().nodes.map(\.name) == [
                "lines-source", "lines-1-filter", "lines-2-map-values", "lines-3-flat-map-values", "lines-4-map",
                "lines-5-flat-map", "keyed-length", "lines-7-select-key", "lines-8-peek", "lines-sink",
            ])
    }

    @Test func stepsCarryTheirSwiftTypes() throws {
        let graph = try Self.graph()
        #expect(graph.node(named: "lines-2-map-values")?.valueType == .string)
        #expect(graph.node(named: "lines-4-map")?.keyType == .string)
        #expect(graph.node(named: "lines-4-map")?.valueType == .int32)
        #expect(graph.node(named: "lines-1-filter")?.valueType.name == "Line")
        #expect(graph.node(named: "lines-2-map-values")?.spec.readsKey == false)
        #expect(graph.node(named: "keyed-length")?.spec.readsKey == true)
    }

    @Test func closuresMapValues() throws {
        let graph = try Self.graph()
        let line = try Line(text: "Hello World", lang: "en").streamValue
        #expect(try graph.node(named: "lines-1-filter")?.spec(FilterSpec.self)?.predicate("k", line) == true)
        #expect(
            try graph.node(named: "lines-1-filter")?.spec(FilterSpec.self)?.predicate(
                "k", Line(text: "", lang: "").streamValue) == false)
        #expect(
            try graph.node(named: "lines-2-map-values")?.spec(MapValuesSpec.self)?.mapper(.null, line) == "hello world")
        #expect(
            try graph.node(named: "lines-3-flat-map-values")?.spec(FlatMapSpec.self)?.mapper(.null, "a bc")
                == .list(["a", "bc"]))
        let pair = try graph.node(named: "lines-4-map")?.spec(MapSpec.self)?.mapper("k", "abc")
        #expect(pair?.key == "abc" && pair?.value == .int(3))
        #expect(try graph.node(named: "keyed-length")?.spec(MapValuesSpec.self)?.mapper("ab", .int(1)) == .int(3))
        #expect(try graph.node(named: "lines-7-select-key")?.spec(SelectKeySpec.self)?.mapper("abc", .int(1)) == "cba")
        #expect(try graph.node(named: "lines-8-peek")?.spec(PeekSpec.self)?.line("k", .int(1)) == .null)
    }

    @Test func flatMapGivesTheRunnerAListOfKeyValueRecords() throws {
        let flatMap = try #require(try Self.graph().node(named: "lines-5-flat-map")?.spec(FlatMapSpec.self))
        let expected: Value = .list([
            .record(Fields([("key", "ab"), ("value", .int(2))])),
            .record(Fields([("key", "AB"), ("value", .int(2))])),
        ])
        #expect(try flatMap.mapper("ab", .int(2)) == expected)
    }

    @Test func mismatchedValuesThrowEvaluationErrorsNamingThePart() throws {
        let mapper = try #require(try Self.graph().node(named: "keyed-length")?.spec(MapValuesSpec.self)?.mapper)
        do {
            _ = try mapper("ab", "not a number")
            Issue.record("expected an error")
        } catch let error as EvaluationError {
            #expect(error.description.contains("value"))
            #expect(error.description.contains("int32"))
        }
    }

    @Test func streamTableJoinsAndTableJoins() throws {
        let graph = try Topology(application: "joins") {
            let a = Topic<String, Int64>("a", partitions: 1)
            let b = Topic<String, String>("b", partitions: 1)
            let c = Topic<String, Int64>("c", partitions: 1)
            let left = a.table(named: "left_table", storeType: .memory)
            let right = b.table(named: "right_table")
            left.join(right, named: "inner") { n, s in "\(s)\(n)" }
            left.outerJoin(right, named: "outer", store: "outer_store") { n, s in
                "\(s ?? "-")\(n.map(String.init) ?? "-")"
            }
            c.stream().join(right) { n, s in "\(s):\(n)" }
        }.build()
        #expect(
            graph.nodes.map(\.name) == [
                "left_table-table-source", "right_table-table-source", "inner-inner-join",
                "outer-outer-join", "c-source", "c-1-join",
            ])
        #expect(graph.store("left_table")?.kind == .memory)
        #expect(graph.store("outer_store")?.node == graph.node(named: "outer-outer-join")?.id)
        let outer = try #require(graph.node(named: "outer-outer-join")?.joiner)
        #expect(try outer(.null, "x") == "x-")
        #expect(try outer(.int(1), .null) == "-1")
        #expect(try graph.node(named: "inner-inner-join")?.joiner?(.int(2), "s") == "s2")
        let streamJoin = try #require(graph.node(named: "c-1-join"))
        #expect(streamJoin.kind == .streamTableJoin && streamJoin.joinType == .inner)
        #expect(try streamJoin.joiner?(.int(5), "k") == "k:5")
    }

    @Test func builderTakesGroupsConditionsAndLoops() throws {
        let regions = ["eu", "us"]
        func mirror(_ region: String) -> TopologyGroup {
            TopologyGroup {
                let topic = Topic<String, String>("\(region)-in", partitions: 1)
                topic.stream().to(Topic<String, String>("\(region)-out", partitions: 1))
            }
        }
        let withAudit = true
        let graph = try Topology(application: "multi") {
            for region in regions { mirror(region) }
            if withAudit {
                Topic<String, String>("audit", partitions: 1)
            } else {
                Topic<String, String>("no-audit", partitions: 1)
            }
        }.build()
        #expect(graph.topics.map(\.name) == ["audit", "eu-in", "eu-out", "us-in", "us-out"])
        #expect(graph.nodes.map(\.name) == ["eu-in-source", "eu-in-sink", "us-in-source", "us-in-sink"])
        #expect(graph.subtopologies.count == 2)
    }

    @Test func mergedStreamsAreNamedAfterTheMerge() throws {
        let graph = try Topology(application: "m") {
            let a = Topic<String, Int32>("a", partitions: 1)
            let b = Topic<String, Int32>("b", partitions: 1)
            let c = Topic<String, Int32>("c", partitions: 1)
            a.stream().merge(b.stream().selectKey { key, _ in key + "!" }, c.stream(), named: "abc")
                .filter { _, value in value > 0 }
                .groupByKey()
                .count(named: "counts")
        }.build()
        #expect(
            graph.nodes.map(\.name) == [
                "a-source", "b-source", "b-1-select-key", "c-source", "abc-merge", "abc-1-filter",
                "counts-group-by-key", "counts-repartition-sink", "counts-repartition-source",
                "counts-count",
            ])
        #expect(graph.node(named: "abc-merge")?.parents.count == 3)
        #expect(graph.node(named: "counts-count")?.valueType == .int64)
    }
}

import Foundation
import Testing
import TopologyDSL

@Suite struct ValidationTests {
    @Test func reportsEveryMistakeWithLineAndColumn() {
        let yaml = """
            application: broken
            topics:
              orders: { partitions: 3, key: string, value: Order }
              payments: { partitions: zero, key: string, value: int32 }
            tables:
              totals: { from: ordrs, reduce: "aggregate + value" }
              joined:
                left-join: { left: totals, right: nowhere, value: "left" }
            streams:
              big:
                from: payments
                steps:
                  - filter: "value > "
                  - frobnicate: "x"
            extra: 1
            """
        let errors = TestPlugins.errors(yaml)
        let lines = errors.map(\.description)
        #expect(lines.contains { $0.hasPrefix("test.yaml:3:") && $0.contains("unknown type 'Order'") })
        #expect(lines.contains { $0.hasPrefix("test.yaml:4:") && $0.contains("partitions must be an integer") })
        #expect(lines.contains { $0.hasPrefix("test.yaml:6:") && $0.contains("'ordrs'") })
        #expect(lines.contains { $0.hasPrefix("test.yaml:8:") && $0.contains("'nowhere'") })
        #expect(lines.contains { $0.hasPrefix("test.yaml:13:") })
        #expect(lines.contains { $0.hasPrefix("test.yaml:14:") && $0.contains("a step needs one of") })
        #expect(lines.contains { $0.hasPrefix("test.yaml:15:1:") && $0.contains("unknown key 'extra'") })
        #expect(errors.count >= 7)
    }

    /// A task hands each topic's records to one source: a topic read as a stream and as a table
    /// lost the stream's records (found by a test of stream time); it is refused, as Kafka Streams does.
    @Test func aTopicReadBothAsAStreamAndAsATableIsRefusedWithWhereAndWhatToDoInstead() {
        let yaml = """
            application: twice
            topics:
              events: { partitions: 1, key: string, value: int64 }
              copies: { partitions: 1, key: string, value: int64 }
            streams:
              copied: { from: events, to: copies }
            tables:
              last: { from: events }
            """
        let lines = TestPlugins.errors(yaml).map(\.description)
        #expect(
            lines.contains {
                $0.hasPrefix("test.yaml:8:") && $0.contains("topic 'events' is read twice")
                    && $0.contains("make a table of that stream")
            }, "\(lines)")
    }

    @Test func expressionErrorsPointInsideTheExpression() throws {
        let yaml = """
            application: app
            types:
              Pair: { fields: { location: string, sku: string } }
            topics:
              t: { partitions: 1, key: Pair, value: int32 }
            streams:
              s:
                from: t
                steps:
                  - filter: "key.locaton == 'x'"
            """
        let error = try #require(TestPlugins.errors(yaml).first)
        #expect(error.location?.line == 10)
        #expect((error.location?.column ?? 0) > 17)
        #expect(error.message.contains("locaton"))
    }

    @Test func yamlSyntaxErrorsHaveAPosition() throws {
        let error = try #require(TestPlugins.errors("application: x\ntopics: [\n").first)
        #expect(error.location?.file == "test.yaml")
        #expect((error.location?.line ?? 0) >= 2)
        #expect(error.message.contains("invalid YAML"))
    }

    @Test func rejectsJoinsOfTablesThatAreNotCoPartitioned() {
        let yaml = """
            application: app
            topics:
              a: { partitions: 3, key: string, value: int32 }
              b: { partitions: 4, key: string, value: int32 }
            tables:
              ta: { from: a, reduce: "aggregate + value" }
              tb: { from: b, reduce: "aggregate + value" }
              j: { join: { left: ta, right: tb, value: "left + right" } }
            """
        let errors = TestPlugins.errors(yaml)
        #expect(
            errors.contains {
                $0.message.contains("co-partitioned") && $0.message.contains("a (3 partitions)")
                    && $0.message.contains("b (4 partitions)")
            })
    }

    @Test func rejectsSinksOfTheWrongType() {
        let yaml = """
            application: app
            topics:
              a: { partitions: 1, key: string, value: int32 }
              out: { partitions: 1, key: string, value: string }
            tables:
              counts: { from: a, count: true, to: out }
            """
        #expect(
            TestPlugins.errors(yaml).contains { $0.message.contains("topic 'out' takes key string and value string") })
    }
}

@Suite struct TopologySettingTests {
    @Test func settingsAreReadBeforeCompiling() throws {
        let path = NSTemporaryDirectory() + "setting-\(UUID().uuidString).yaml"
        try "application: a\nschema-registry: http://127.0.0.1:8081\ntopics: {}\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(TopologyLoader.setting("schema-registry", inFile: path) == "http://127.0.0.1:8081")
        #expect(TopologyLoader.setting("missing", inFile: path) == nil)
        #expect(TestPlugins.errors("application: a\nschema-registry: http://x\n").isEmpty)
    }
}

import Testing
import TopologyDSL

/// Mistakes the Swift compiler cannot see are reported together when the topology is built, at the
/// Swift line that made them.
@Suite struct BuildErrorTests {
    @Test func duplicateNamesPointAtTheSwiftLine() throws {
        let line = #line + 5
        let errors = buildErrors {
            try Topology(application: "dup") {
                let topic = Topic<String, Int64>("t", partitions: 1)
                topic.stream().filter { _, v in v > 0 }.to(Topic<String, Int64>("a", partitions: 1), named: "out")
                topic.stream().filter { _, v in v < 0 }.to(Topic<String, Int64>("b", partitions: 1), named: "out")
            }.build()
        }
        #expect(
            errors.map(\.message) == [
                "duplicate operator name 't-1-filter' (also used by node 1)",
                "duplicate operator name 'out' (also used by node 2)",
            ])
        #expect(errors.first?.location?.line == line)
        #expect(errors.first?.location?.file.hasSuffix("BuildErrorTests.swift") == true)
    }

    @Test func namingAStepOrAStreamAvoidsTheClash() throws {
        let graph = try Topology(application: "dup") {
            let topic = Topic<String, Int64>("t", partitions: 1)
            topic.stream(named: "positive").filter { _, v in v > 0 }.to(Topic<String, Int64>("a", partitions: 1))
            topic.stream().filter(named: "negative") { _, v in v < 0 }.named("negatives").to(
                Topic<String, Int64>("b", partitions: 1))
        }.build()
        #expect(
            graph.nodes.map(\.name) == ["t-source", "positive-1-filter", "positive-sink", "negative", "negatives-sink"])
    }

    @Test func aTableWrittenToTwoTopicsHasOneToStreamNode() throws {
        let graph = try Topology(application: "t") {
            let counts = Topic<String, Int64>("a", partitions: 1).stream().groupByKey().count(named: "counts")
            counts.to(Topic<String, Int64>("x", partitions: 1))
            counts.to(Topic<String, Int64>("y", partitions: 1), named: "counts-sink-y")
        }.build()
        #expect(
            graph.nodes.map(\.name) == [
                "a-source", "counts-group-by-key", "counts-count", "counts-to-stream",
                "counts-sink", "counts-sink-y",
            ])
    }

    @Test func aTopicDeclaredTwiceDifferentlyIsAnError() {
        let errors = buildErrors {
            try Topology(application: "t") {
                Topic<String, Int64>("t", partitions: 1)
                Topic<String, Int64>("t", partitions: 2)
                Topic<String, Int32>("zero", partitions: 0)
            }.build()
        }
        #expect(errors.count == 2)
        #expect(errors.first?.message.hasPrefix("topic 't' is declared twice, differently: 1 partitions") == true)
        #expect(errors.last?.message == "topic 'zero' needs at least one partition, got 0")
    }

    @Test func joinedTopicsMustBeCoPartitioned() {
        let errors = buildErrors {
            try Topology(application: "t") {
                let a = Topic<String, Int64>("a", partitions: 2).table(named: "ta")
                let b = Topic<String, Int64>("b", partitions: 3).table(named: "tb")
                a.join(b, named: "ab") { x, y in x + y }
            }.build()
        }
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("must be co-partitioned") == true)
    }

    @Test func anUnknownBranchIsReported() {
        let errors = buildErrors {
            try Topology(application: "t") {
                let branches = Topic<String, Int64>("a", partitions: 1).stream()
                    .branch(Branch("odd") { _, v in v % 2 == 1 }, Branch("even"))
                branches["odd"].to(Topic<String, Int64>("odd", partitions: 1))
                branches["oops"].to(Topic<String, Int64>("oops", partitions: 1))
            }.build()
        }
        #expect(errors.map(\.message) == ["no branch named 'oops'; branches: odd, even"])
    }

    @Test func storesAreNamedOnce() {
        let errors = buildErrors {
            try Topology(application: "t") {
                let topic = Topic<String, Int64>("a", partitions: 1)
                topic.stream().groupByKey().count(named: "one", store: "s")
                topic.stream().groupByKey().count(named: "two", store: "s")
            }.build()
        }
        #expect(errors.map(\.message) == ["duplicate store name 's'"])
    }
}

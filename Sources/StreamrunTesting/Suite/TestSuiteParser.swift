import TopologyDSL
import Yams

/// Reads a `.test.yaml` file into a `TestSuite` (see there for the format), reporting every
/// problem of the file at its line and column.
struct TestSuiteParser {
    var reader: SuiteReader

    init(file: String) { reader = SuiteReader(file: file) }

    var diagnostics: [Diagnostic] { reader.diagnostics }

    mutating func parse(_ text: String) -> TestSuite? {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            reader.diagnostics.append(
                Diagnostic("not valid YAML: \(error)", at: SourceLocation(file: reader.file, line: 1, column: 1)))
            return nil
        }
        guard let root else {
            reader.diagnostics.append(
                Diagnostic("the test file is empty", at: SourceLocation(file: reader.file, line: 1, column: 1)))
            return nil
        }
        guard let entries = reader.mapping(root, "a test file", allowed: ["topology", "tests"]) else { return nil }
        var topology: Placed<String>?
        if let node = entries.entry("topology"), let path = reader.string(node, "topology") {
            topology = Placed(value: path, location: reader.location(node))
        } else if entries.entry("topology") == nil {
            reader.error("a test file needs 'topology:' (the topology file, relative to this one)", at: root)
        }
        var tests: [TestCase] = []
        if let node = entries.entry("tests") {
            for item in reader.sequence(node, "tests") ?? [] { if let test = testCase(item) { tests.append(test) } }
        } else {
            reader.error("a test file needs 'tests:'", at: root)
        }
        guard let topology else { return nil }
        return TestSuite(file: reader.file, topology: topology, tests: tests)
    }

    private mutating func testCase(_ node: Node) -> TestCase? {
        guard let entries = reader.mapping(node, "a test", allowed: ["name", "instances", "input", "expect"]) else {
            return nil
        }
        guard let nameNode = entries.entry("name"), let name = reader.string(nameNode, "name") else {
            reader.error("a test needs 'name:'", at: node)
            return nil
        }
        var instances: [String]?
        if let node = entries.entry("instances") {
            if let count = node.scalar.flatMap({ Int($0.string) }) {
                guard count >= 1 else {
                    reader.error("instances must be at least 1", at: node)
                    return nil
                }
                instances = (1...count).map { "instance-\($0)" }
            } else {
                instances = (reader.sequence(node, "instances") ?? []).compactMap { reader.string($0, "an instance") }
            }
        }
        var steps: [TestStep] = []
        if let node = entries.entry("input") {
            for item in reader.sequence(node, "input") ?? [] { if let step = step(item) { steps.append(step) } }
        }
        var expect = Expectations()
        if let node = entries.entry("expect") {
            expect = expectations(node)
        } else {
            reader.error(
                "test '\(name)' expects nothing: add 'expect:' (outputs, stores, sinks, dead-letters)", at: node)
        }
        return TestCase(name: name, location: reader.location(node), instances: instances, steps: steps, expect: expect)
    }

    private mutating func expectations(_ node: Node) -> Expectations {
        var expect = Expectations()
        guard let entries = reader.mapping(node, "expect", allowed: ["outputs", "stores", "sinks", "dead-letters"])
        else { return expect }
        if let node = entries.entry("outputs") {
            let records = (reader.sequence(node, "outputs") ?? []).compactMap { expectedRecord($0) }
            expect.outputs = Placed(value: records, location: reader.location(node))
        }
        expect.stores = tables(entries.entry("stores"), "stores")
        expect.sinks = tables(entries.entry("sinks"), "sinks")
        if let node = entries.entry("dead-letters") {
            let letters = (reader.sequence(node, "dead-letters") ?? []).compactMap { expectedDeadLetter($0) }
            expect.deadLetters = Placed(value: letters, location: reader.location(node))
        }
        return expect
    }

    private mutating func expectedRecord(_ node: Node) -> ExpectedRecord? {
        guard let entries = reader.mapping(node, "an output record", allowed: ["topic", "key", "value", "timestamp"])
        else { return nil }
        guard let topicNode = entries.entry("topic"), let topic = reader.string(topicNode, "topic") else {
            reader.error("an output record needs 'topic:'", at: node)
            return nil
        }
        var timestamp: Int64?
        if let node = entries.entry("timestamp") { timestamp = reader.int(node, "timestamp") }
        return ExpectedRecord(
            topic: Placed(value: topic, location: reader.location(topicNode)),
            key: entries.entry("key").map(reader.value),
            value: entries.entry("value").map(reader.value), timestamp: timestamp, location: reader.location(node))
    }

    /// `stores:` or `sinks:`: a mapping of names to lists of `{ key, value }`.
    private mutating func tables(_ node: Node?, _ what: String) -> [(
        name: Placed<String>, entries: Placed<[ExpectedEntry]>
    )] {
        guard let node, let tables = reader.mapping(node, what) else { return [] }
        return tables.map { table in
            let entries = (reader.sequence(table.value, "the entries of '\(table.key)'") ?? []).compactMap {
                item -> ExpectedEntry? in
                guard let fields = reader.mapping(item, "an entry", allowed: ["key", "value"]) else { return nil }
                guard let key = fields.entry("key"), let value = fields.entry("value") else {
                    reader.error("an entry needs 'key:' and 'value:'", at: item)
                    return nil
                }
                return ExpectedEntry(
                    key: reader.value(key), value: reader.value(value), location: reader.location(item))
            }
            return (
                Placed(value: table.key, location: reader.location(table.keyNode)),
                Placed(value: entries, location: reader.location(table.value))
            )
        }
    }

    private mutating func expectedDeadLetter(_ node: Node) -> ExpectedDeadLetter? {
        guard
            let entries = reader.mapping(
                node, "a dead letter", allowed: ["topic", "key", "value", "reason", "reason-contains"])
        else {
            return nil
        }
        let topic = entries.entry("topic").flatMap { reader.string($0, "topic") }
        if topic == nil, entries.entry("key") != nil || entries.entry("value") != nil {
            reader.error(
                "a dead letter with 'key:' or 'value:' needs 'topic:' (the input topic, whose types they have)",
                at: node)
            return nil
        }
        return ExpectedDeadLetter(
            topic: topic, key: entries.entry("key").map(reader.value), value: entries.entry("value").map(reader.value),
            reason: entries.entry("reason").flatMap { reader.string($0, "reason") },
            reasonContains: entries.entry("reason-contains").flatMap { reader.string($0, "reason-contains") },
            location: reader.location(node))
    }
}

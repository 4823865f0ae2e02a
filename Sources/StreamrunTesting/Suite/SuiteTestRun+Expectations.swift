import TopologyDSL

/// A test's expectations: converted to the topology's types before the test runs, then compared
/// with what the driver holds, each difference reported at the expectation it concerns with a diff.
extension SuiteTestRun {

    struct Output {
        var key: Value?
        var value: Value?
        var timestamp: Int64?
        var location: SourceLocation
    }

    struct Entry {
        var key: Value
        var value: Value
        var location: SourceLocation
    }

    struct Letter {
        var expected: ExpectedDeadLetter
        var key: Value?
        var value: Value?
    }

    struct Prepared {
        var outputs: (topics: [String: [Output]], location: SourceLocation)?
        var stores: [(name: String, entries: [Entry], location: SourceLocation)] = []
        var sinks: [(name: String, entries: [Entry], location: SourceLocation)] = []
        var deadLetters: (letters: [Letter], location: SourceLocation)?
    }

    mutating func prepareExpectations() -> Prepared? {
        var prepared = Prepared()
        let expect = test.expect
        if let outputs = expect.outputs {
            var topics: [String: [Output]] = [:]
            for record in outputs.value {
                guard let topic = topic(record.topic) else { continue }
                topics[topic.name, default: []].append(
                    Output(
                        key: convert(record.key, to: topic.keyType),
                        value: convert(record.value, to: topic.valueType),
                        timestamp: record.timestamp, location: record.location))
            }
            prepared.outputs = (topics, outputs.location)
        }
        for (name, entries) in expect.stores {
            guard let store = graph.store(name.value) else {
                fail(
                    "the topology has no store '\(name.value)'; its stores: \(graph.stores.map(\.name).joined(separator: ", "))",
                    at: name.location)
                continue
            }
            prepared.stores.append(
                (
                    store.name,
                    entries.value.map { entry in
                        Entry(
                            key: convert(entry.key, to: store.keyType) ?? .null,
                            value: convert(entry.value, to: store.valueType) ?? .null,
                            location: entry.location)
                    }, entries.location
                ))
        }
        for (name, entries) in expect.sinks {
            guard let node = sinkNode(name.value) else {
                fail(
                    "the topology has no external sink step '\(name.value)'; its sink steps: \(sinkNames)",
                    at: name.location)
                continue
            }
            prepared.sinks.append(
                (
                    node.name,
                    entries.value.map { entry in
                        Entry(
                            key: convert(entry.key, to: node.keyType) ?? .null,
                            value: convert(entry.value, to: node.valueType) ?? .null,
                            location: entry.location)
                    }, entries.location
                ))
        }
        if let letters = expect.deadLetters {
            prepared.deadLetters = (
                letters.value.map { letter in
                    let topic = letter.topic.flatMap { graph.topic($0) }
                    if let name = letter.topic, topic == nil {
                        fail("the topology has no topic '\(name)'", at: letter.location)
                    }
                    return Letter(
                        expected: letter, key: convert(letter.key, to: topic?.keyType),
                        value: convert(letter.value, to: topic?.valueType))
                }, letters.location
            )
        }
        return failures.isEmpty ? prepared : nil
    }

    mutating func check(_ expected: Prepared, on driver: TopologyTestDriver) {
        do {
            if let outputs = expected.outputs { try checkOutputs(outputs.topics, listedAt: outputs.location, driver) }
            for store in expected.stores {
                let actual = try driver.store(store.name)
                checkEntries(store.entries, actual, what: "store '\(store.name)'", listedAt: store.location)
            }
            for sink in expected.sinks {
                let actual = try driver.sinkRows(sink.name)
                checkEntries(sink.entries, actual, what: "sink '\(sink.name)'", listedAt: sink.location)
            }
            if let letters = expected.deadLetters {
                try checkDeadLetters(letters.letters, listedAt: letters.location, driver)
            }
        } catch {
            fail("cannot read what the driver holds: \(error)", at: test.location)
        }
    }

    /// Every topic the topology writes (and every topic named) must hold exactly the expected records, in order.
    private mutating func checkOutputs(
        _ expected: [String: [Output]], listedAt location: SourceLocation,
        _ driver: TopologyTestDriver
    ) throws {
        let written = graph.nodes.filter { $0.spec(SinkSpec.self) != nil }.compactMap(\.topic)
            .filter { graph.topic($0)?.isInternal == false }
        for topic in Set(written).union(expected.keys).sorted() {
            let wanted = expected[topic] ?? []
            let actual = try driver.readOutput(topic)
            let withTimestamps = wanted.contains { $0.timestamp != nil }
            let diff = ExpectationDiff(
                expected: wanted, actual: actual,
                matches: { e, a in
                    (e.key.map { ValueMatch.same($0, a.key) } ?? true)
                        && (e.value.map { ValueMatch.same($0, a.value) } ?? true)
                        && (e.timestamp.map { $0 == a.timestamp } ?? true)
                },
                expectedText: { e in
                    Self.text([
                        ("key", e.key.map(YAMLText.render)), ("value", e.value.map(YAMLText.render)),
                        ("timestamp", e.timestamp.map(String.init)),
                    ])
                },
                actualText: { a in
                    Self.text([
                        ("key", YAMLText.render(a.key)), ("value", YAMLText.render(a.value)),
                        ("timestamp", withTimestamps ? String(a.timestamp) : nil),
                    ])
                })
            guard !diff.isEmpty else { continue }
            let at = diff.firstMissingExpected.map { wanted[$0].location } ?? location
            fail("the records written to '\(topic)' differ from the expected ones", at: at, details: diff.rendered)
        }
    }

    /// A store's or sink's entries, compared whatever their order (both sides sorted by key).
    private mutating func checkEntries(
        _ expected: [Entry], _ actual: [StoreEntry], what: String, listedAt location: SourceLocation
    ) {
        let wanted = expected.sorted { YAMLText.render($0.key) < YAMLText.render($1.key) }
        let held = actual.sorted { YAMLText.render($0.key) < YAMLText.render($1.key) }
        let diff = ExpectationDiff(
            expected: wanted, actual: held,
            matches: { e, a in
                ValueMatch.same(e.key, a.key) && ValueMatch.same(e.value, a.value)
            },
            expectedText: { e in
                Self.text([("key", YAMLText.render(e.key)), ("value", YAMLText.render(e.value))])
            },
            actualText: { a in
                Self.text([("key", YAMLText.render(a.key)), ("value", YAMLText.render(a.value))])
            })
        guard !diff.isEmpty else { return }
        let at = diff.firstMissingExpected.map { wanted[$0].location } ?? location
        fail("\(what) holds other entries than the expected ones", at: at, details: diff.rendered)
    }

    private mutating func checkDeadLetters(
        _ expected: [Letter], listedAt location: SourceLocation, _ driver: TopologyTestDriver
    ) throws {
        let actual = try driver.deadLetters()
        let diff = ExpectationDiff(
            expected: expected, actual: actual,
            matches: { e, a in
                (e.expected.topic.map { $0 == a.topic } ?? true) && (e.expected.reason.map { $0 == a.reason } ?? true)
                    && (e.expected.reasonContains.map { a.reason.contains($0) } ?? true)
                    && (e.key.map { key in a.key.map { ValueMatch.same(key, $0) } ?? false } ?? true)
                    && (e.value.map { value in a.value.map { ValueMatch.same(value, $0) } ?? false } ?? true)
            },
            expectedText: { e in
                Self.text([
                    ("topic", e.expected.topic.map(YAMLText.quotedIfNeeded)), ("key", e.key.map(YAMLText.render)),
                    ("value", e.value.map(YAMLText.render)), ("reason", e.expected.reason.map(YAMLText.quotedIfNeeded)),
                    ("reason-contains", e.expected.reasonContains.map(YAMLText.quotedIfNeeded)),
                ])
            },
            actualText: { a in
                Self.text([
                    ("topic", a.topic.map(YAMLText.quotedIfNeeded)), ("key", a.key.map(YAMLText.render)),
                    ("value", a.value.map(YAMLText.render)), ("reason", YAMLText.quotedIfNeeded(a.reason)),
                ])
            })
        guard !diff.isEmpty else { return }
        let at = diff.firstMissingExpected.map { expected[$0].expected.location } ?? location
        fail("the dead letters differ from the expected ones", at: at, details: diff.rendered)
    }

    /// `{ name: text, ... }` of the fields that are there.
    private static func text(_ fields: [(String, String?)]) -> String {
        let present = fields.compactMap { name, text in text.map { "\(name): \($0)" } }
        return present.isEmpty ? "{}" : "{ " + present.joined(separator: ", ") + " }"
    }
}

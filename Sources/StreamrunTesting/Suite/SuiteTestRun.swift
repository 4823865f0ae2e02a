import Plugins
import Runner
import TopologyDSL

/// One test of a suite: its values converted to the topology's types (every conversion problem
/// reported together, before anything runs), its steps run on a fresh driver, its expectations checked.
struct SuiteTestRun {
    let test: TestCase
    let graph: TopologyGraph
    let plugins: PluginRegistry
    let file: String
    private var failures: [SuiteFailure] = []

    init(test: TestCase, graph: TopologyGraph, plugins: PluginRegistry, file: String) {
        self.test = test
        self.graph = graph
        self.plugins = plugins
        self.file = file
    }

    /// A step ready to run.
    private enum Step {
        case pipe(topic: String, key: Value, value: Value, timestamp: Int64?)
        case action(TestStep.Action)
        case moveTask(TaskId, to: String)
        case refuseSinkRow(String, key: Value, reason: String)
    }

    private mutating func fail(_ message: String, at location: SourceLocation, details: [String] = []) {
        failures.append(SuiteFailure(location: location, test: test.name, message: message, details: details))
    }

    private mutating func convert(_ value: YAMLValue?, to type: ValueType?) -> Value? {
        guard let value, let type else { return nil }
        do { return try YAMLValues.convert(value, to: type, file: file) } catch {
            fail(error.message, at: error.location)
            return nil
        }
    }

    private mutating func topic(_ name: Placed<String>) -> TopicDeclaration? {
        guard let topic = graph.topic(name.value) else {
            let known = graph.topics.filter { !$0.isInternal }.map(\.name).joined(separator: ", ")
            fail("the topology has no topic '\(name.value)'; its topics: \(known)", at: name.location)
            return nil
        }
        return topic
    }

    /// The external sink step `name` names: the step itself or the stream it ends.
    private func sinkNode(_ name: String) -> GraphNode? {
        let sinks = graph.nodes.filter { $0.spec(ExternalSinkSpec.self) != nil }
        if let node = sinks.first(where: { $0.name == name }) { return node }
        let named = sinks.filter { $0.name.hasPrefix(name + "-") && $0.name.hasSuffix("-sink") }
        return named.count == 1 ? named.first : nil
    }

    private var sinkNames: String {
        graph.nodes.filter { $0.spec(ExternalSinkSpec.self) != nil }.map(\.name).joined(separator: ", ")
    }

    mutating func run() -> [SuiteFailure] {
        let steps = prepareSteps()
        let expectations = prepareExpectations()
        guard failures.isEmpty, let expectations else { return failures }
        var options = TopologyTestDriver.Options()
        if let instances = test.instances { options.instances = instances }
        let driver: TopologyTestDriver
        do { driver = try TopologyTestDriver(graph: graph, plugins: plugins, options: options) } catch {
            fail("the driver cannot start the topology: \(error)", at: test.location)
            return failures
        }
        var sinkFailuresAsked = false
        for (step, location) in steps {
            if case .action(.failSink) = step { sinkFailuresAsked = true }
            do { try perform(step, on: driver) } catch let error as TestDriverError where error.code == .commitFailed && sinkFailuresAsked {
                continue  // the failing sink the test asked for: the instance restarted and goes on
            } catch {
                fail("this step failed: \(error)", at: location)
                return failures
            }
        }
        check(expectations, on: driver)
        do { try driver.close() } catch { fail("the driver did not close cleanly: \(error)", at: test.location) }
        return failures
    }

    private mutating func prepareSteps() -> [(Step, SourceLocation)] {
        test.steps.compactMap { step -> (Step, SourceLocation)? in
            switch step.action {
            case .record(let name, let key, let value, let timestamp):
                guard let topic = topic(name) else { return nil }
                let key = convert(key, to: topic.keyType) ?? .null
                let value = convert(value, to: topic.valueType) ?? .null
                return (.pipe(topic: topic.name, key: key, value: value, timestamp: timestamp), step.location)
            case .moveTask(let id, let target):
                let parts = id.split(separator: "_")
                guard parts.count == 2, let subtopology = Int(parts[0]), let partition = Int32(parts[1]),
                      graph.subtopologies.indices.contains(subtopology),
                      (0..<graph.subtopologies[subtopology].partitions).contains(partition) else {
                    fail("'\(id)' is not a task of the topology (SUBTOPOLOGY_PARTITION, e.g. 0_1; see streamrun describe)", at: step.location)
                    return nil
                }
                return (.moveTask(TaskId(subtopology: subtopology, partition: partition), to: target), step.location)
            case .refuseSinkRow(let name, let key, let reason):
                guard let node = sinkNode(name) else {
                    fail("the topology has no external sink step '\(name)'; its sink steps: \(sinkNames)", at: step.location)
                    return nil
                }
                guard let converted = convert(key, to: node.keyType) else { return nil }
                return (.refuseSinkRow(node.name, key: converted, reason: reason), step.location)
            case .failSink(let name, _):
                guard sinkNode(name) != nil else {
                    fail("the topology has no external sink step '\(name)'; its sink steps: \(sinkNames)", at: step.location)
                    return nil
                }
                return (.action(step.action), step.location)
            case .commit, .crash, .advanceTime, .compact:
                return (.action(step.action), step.location)
            }
        }
    }

    private func perform(_ step: Step, on driver: TopologyTestDriver) throws {
        switch step {
        case .pipe(let topic, let key, let value, let timestamp):
            try driver.pipe(topic: topic, key: key, value: value, timestamp: timestamp)
        case .moveTask(let task, let target):
            try driver.moveTask(task, to: target)
        case .refuseSinkRow(let sink, let key, let reason):
            try driver.refuseSinkRows(sink, key: key, reason: reason)
        case .action(let action):
            switch action {
            case .commit: try driver.commit()
            case .crash(let step?, let instance): try driver.crash(at: step, instance: instance)
            case .crash(nil, let instance): try driver.crash(instance: instance)
            case .advanceTime(let ms): try driver.advanceWallClockTime(ms)
            case .compact(let topic?): try driver.compact(topic: topic)
            case .compact(nil): try driver.compactAll()
            case .failSink(let sink, let times): try driver.failSink(sink, times: times)
            case .record, .moveTask, .refuseSinkRow:
                preconditionFailure("prepared as their own steps")
            }
        }
    }

    // MARK: Expectations

    private struct Output {
        var key: Value?
        var value: Value?
        var timestamp: Int64?
        var location: SourceLocation
    }

    private struct Entry {
        var key: Value
        var value: Value
        var location: SourceLocation
    }

    private struct Letter {
        var expected: ExpectedDeadLetter
        var key: Value?
        var value: Value?
    }

    private struct Prepared {
        var outputs: (topics: [String: [Output]], location: SourceLocation)?
        var stores: [(name: String, entries: [Entry], location: SourceLocation)] = []
        var sinks: [(name: String, entries: [Entry], location: SourceLocation)] = []
        var deadLetters: (letters: [Letter], location: SourceLocation)?
    }

    private mutating func prepareExpectations() -> Prepared? {
        var prepared = Prepared()
        let expect = test.expect
        if let outputs = expect.outputs {
            var topics: [String: [Output]] = [:]
            for record in outputs.value {
                guard let topic = topic(record.topic) else { continue }
                topics[topic.name, default: []].append(Output(key: convert(record.key, to: topic.keyType),
                                                              value: convert(record.value, to: topic.valueType),
                                                              timestamp: record.timestamp, location: record.location))
            }
            prepared.outputs = (topics, outputs.location)
        }
        for (name, entries) in expect.stores {
            guard let store = graph.store(name.value) else {
                fail("the topology has no store '\(name.value)'; its stores: \(graph.stores.map(\.name).joined(separator: ", "))", at: name.location)
                continue
            }
            prepared.stores.append((store.name, entries.value.map { entry in
                Entry(key: convert(entry.key, to: store.keyType) ?? .null, value: convert(entry.value, to: store.valueType) ?? .null,
                      location: entry.location)
            }, entries.location))
        }
        for (name, entries) in expect.sinks {
            guard let node = sinkNode(name.value) else {
                fail("the topology has no external sink step '\(name.value)'; its sink steps: \(sinkNames)", at: name.location)
                continue
            }
            prepared.sinks.append((node.name, entries.value.map { entry in
                Entry(key: convert(entry.key, to: node.keyType) ?? .null, value: convert(entry.value, to: node.valueType) ?? .null,
                      location: entry.location)
            }, entries.location))
        }
        if let letters = expect.deadLetters {
            prepared.deadLetters = (letters.value.map { letter in
                let topic = letter.topic.flatMap { graph.topic($0) }
                if let name = letter.topic, topic == nil { fail("the topology has no topic '\(name)'", at: letter.location) }
                return Letter(expected: letter, key: convert(letter.key, to: topic?.keyType), value: convert(letter.value, to: topic?.valueType))
            }, letters.location)
        }
        return failures.isEmpty ? prepared : nil
    }

    private mutating func check(_ expected: Prepared, on driver: TopologyTestDriver) {
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
            if let letters = expected.deadLetters { try checkDeadLetters(letters.letters, listedAt: letters.location, driver) }
        } catch {
            fail("cannot read what the driver holds: \(error)", at: test.location)
        }
    }

    /// Every topic the topology writes (and every topic named) must hold exactly the expected records, in order.
    private mutating func checkOutputs(_ expected: [String: [Output]], listedAt location: SourceLocation,
                                       _ driver: TopologyTestDriver) throws {
        let written = graph.nodes.filter { $0.spec(SinkSpec.self) != nil }.compactMap(\.topic)
            .filter { graph.topic($0)?.isInternal == false }
        for topic in Set(written).union(expected.keys).sorted() {
            let wanted = expected[topic] ?? []
            let actual = try driver.readOutput(topic)
            let withTimestamps = wanted.contains { $0.timestamp != nil }
            let diff = ExpectationDiff(expected: wanted, actual: actual, matches: { e, a in
                (e.key.map { ValueMatch.same($0, a.key) } ?? true) && (e.value.map { ValueMatch.same($0, a.value) } ?? true)
                    && (e.timestamp.map { $0 == a.timestamp } ?? true)
            }, expectedText: { e in
                Self.text([("key", e.key.map(YAMLText.render)), ("value", e.value.map(YAMLText.render)),
                           ("timestamp", e.timestamp.map(String.init))])
            }, actualText: { a in
                Self.text([("key", YAMLText.render(a.key)), ("value", YAMLText.render(a.value)),
                           ("timestamp", withTimestamps ? String(a.timestamp) : nil)])
            })
            guard !diff.isEmpty else { continue }
            let at = diff.firstMissingExpected.map { wanted[$0].location } ?? location
            fail("the records written to '\(topic)' differ from the expected ones", at: at, details: diff.rendered)
        }
    }

    /// A store's or sink's entries, compared whatever their order (both sides sorted by key).
    private mutating func checkEntries(_ expected: [Entry], _ actual: [StoreEntry], what: String, listedAt location: SourceLocation) {
        let wanted = expected.sorted { YAMLText.render($0.key) < YAMLText.render($1.key) }
        let held = actual.sorted { YAMLText.render($0.key) < YAMLText.render($1.key) }
        let diff = ExpectationDiff(expected: wanted, actual: held, matches: { e, a in
            ValueMatch.same(e.key, a.key) && ValueMatch.same(e.value, a.value)
        }, expectedText: { e in
            Self.text([("key", YAMLText.render(e.key)), ("value", YAMLText.render(e.value))])
        }, actualText: { a in
            Self.text([("key", YAMLText.render(a.key)), ("value", YAMLText.render(a.value))])
        })
        guard !diff.isEmpty else { return }
        let at = diff.firstMissingExpected.map { wanted[$0].location } ?? location
        fail("\(what) holds other entries than the expected ones", at: at, details: diff.rendered)
    }

    private mutating func checkDeadLetters(_ expected: [Letter], listedAt location: SourceLocation, _ driver: TopologyTestDriver) throws {
        let actual = try driver.deadLetters()
        let diff = ExpectationDiff(expected: expected, actual: actual, matches: { e, a in
            (e.expected.topic.map { $0 == a.topic } ?? true) && (e.expected.reason.map { $0 == a.reason } ?? true)
                && (e.expected.reasonContains.map { a.reason.contains($0) } ?? true)
                && (e.key.map { key in a.key.map { ValueMatch.same(key, $0) } ?? false } ?? true)
                && (e.value.map { value in a.value.map { ValueMatch.same(value, $0) } ?? false } ?? true)
        }, expectedText: { e in
            Self.text([("topic", e.expected.topic.map(YAMLText.quotedIfNeeded)), ("key", e.key.map(YAMLText.render)),
                       ("value", e.value.map(YAMLText.render)), ("reason", e.expected.reason.map(YAMLText.quotedIfNeeded)),
                       ("reason-contains", e.expected.reasonContains.map(YAMLText.quotedIfNeeded))])
        }, actualText: { a in
            Self.text([("topic", a.topic.map(YAMLText.quotedIfNeeded)), ("key", a.key.map(YAMLText.render)),
                       ("value", a.value.map(YAMLText.render)), ("reason", YAMLText.quotedIfNeeded(a.reason))])
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

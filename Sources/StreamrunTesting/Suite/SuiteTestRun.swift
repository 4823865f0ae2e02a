import Plugins
import StreamrunEngine
import TopologyDSL

/// One test of a suite: its values converted to the topology's types (every conversion problem
/// reported together, before anything runs), its steps run on a fresh driver, its expectations checked.
struct SuiteTestRun {
    let test: TestCase
    let graph: TopologyGraph
    let plugins: PluginRegistry
    let file: String
    var failures: [SuiteFailure] = []

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

    mutating func fail(_ message: String, at location: SourceLocation, details: [String] = []) {
        failures.append(SuiteFailure(location: location, test: test.name, message: message, details: details))
    }

    mutating func convert(_ value: YAMLValue?, to type: ValueType?) -> Value? {
        guard let value, let type else { return nil }
        do { return try YAMLValues.convert(value, to: type, file: file) } catch {
            fail(error.message, at: error.location)
            return nil
        }
    }

    mutating func topic(_ name: Placed<String>) -> TopicDeclaration? {
        guard let topic = graph.topic(name.value) else {
            let known = graph.topics.filter { !$0.isInternal }.map(\.name).joined(separator: ", ")
            fail("the topology has no topic '\(name.value)'; its topics: \(known)", at: name.location)
            return nil
        }
        return topic
    }

    /// The external sink step `name` names: the step itself or the stream it ends.
    func sinkNode(_ name: String) -> GraphNode? {
        let sinks = graph.nodes.filter { $0.spec(ExternalSinkSpec.self) != nil }
        if let node = sinks.first(where: { $0.name == name }) { return node }
        let named = sinks.filter { $0.name.hasPrefix(name + "-") && $0.name.hasSuffix("-sink") }
        return named.count == 1 ? named.first : nil
    }

    var sinkNames: String {
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
        for (step, location) in steps {
            do { try perform(step, on: driver) } catch {
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
                    (0..<graph.subtopologies[subtopology].partitions).contains(partition)
                else {
                    fail(
                        "'\(id)' is not a task of the topology (SUBTOPOLOGY_PARTITION, e.g. 0_1; see streamrun describe)",
                        at: step.location)
                    return nil
                }
                return (.moveTask(TaskId(subtopology: subtopology, partition: partition), to: target), step.location)
            case .refuseSinkRow(let name, let key, let reason):
                guard let node = sinkNode(name) else {
                    fail(
                        "the topology has no external sink step '\(name)'; its sink steps: \(sinkNames)",
                        at: step.location)
                    return nil
                }
                guard let converted = convert(key, to: node.keyType) else { return nil }
                return (.refuseSinkRow(node.name, key: converted, reason: reason), step.location)
            case .failSink(let name, _):
                guard sinkNode(name) != nil else {
                    fail(
                        "the topology has no external sink step '\(name)'; its sink steps: \(sinkNames)",
                        at: step.location)
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
}

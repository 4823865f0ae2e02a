import TopologyDSL
import Yams

/// The items of a test's `input`: a record, `commit`, `crash`, or a fault or action as a mapping.
extension TestSuiteParser {
    static let actions = [
        "topic", "commit", "crash", "advance-time", "compact", "move-task", "fail-sink", "refuse-sink-row",
    ]
    static let stepForms =
        "a record ({ topic, key, value, timestamp }), commit, crash (between commits), { crash: STEP, instance }, "
        + "{ advance-time: MS }, { compact: TOPIC | all }, { move-task: TASK, to: INSTANCE }, { fail-sink: STEP, times }, "
        + "or { refuse-sink-row: STEP, key, reason }"

    mutating func step(_ node: Node) -> TestStep? {
        let location = reader.location(node)
        if let word = node.scalar?.string {
            switch word {
            case "commit": return TestStep(action: .commit, location: location)
            case "crash": return TestStep(action: .crash(nil, instance: nil), location: location)
            default:
                reader.error("unknown step '\(word)'; a step is " + Self.stepForms, at: node)
                return nil
            }
        }
        guard case .mapping = node, let keys = reader.mapping(node, "a step") else {
            reader.error("a step is " + Self.stepForms, at: node)
            return nil
        }
        guard let kind = Self.actions.first(where: { keys.entry($0) != nil }) else {
            reader.error("unknown step; a step is " + Self.stepForms, at: node)
            return nil
        }
        switch kind {
        case "topic":
            guard let entries = reader.mapping(node, "a record", allowed: ["topic", "key", "value", "timestamp"]),
                let topicNode = entries.entry("topic"), let topic = reader.string(topicNode, "topic")
            else { return nil }
            var timestamp: Int64?
            if let node = entries.entry("timestamp") { timestamp = reader.int(node, "timestamp", atLeast: 0) }
            return TestStep(
                action: .record(
                    topic: Placed(value: topic, location: reader.location(topicNode)),
                    key: entries.entry("key").map(reader.value), value: entries.entry("value").map(reader.value),
                    timestamp: timestamp), location: location)
        case "commit":
            guard reader.mapping(node, "commit", allowed: ["commit"]) != nil else { return nil }
            return TestStep(action: .commit, location: location)
        case "crash":
            guard let entries = reader.mapping(node, "a crash", allowed: ["crash", "instance"]),
                let stepNode = entries.entry("crash"), let name = reader.string(stepNode, "crash")
            else { return nil }
            let instance = entries.entry("instance").flatMap { reader.string($0, "instance") }
            if name == "between-commits" {
                return TestStep(action: .crash(nil, instance: instance), location: location)
            }
            guard let step = CommitStep(rawValue: name) else {
                reader.error(
                    "unknown commit step '\(name)'; expected one of: "
                        + (CommitStep.allCases.map(\.rawValue) + ["between-commits"]).joined(separator: ", "),
                    at: stepNode)
                return nil
            }
            return TestStep(action: .crash(step, instance: instance), location: location)
        case "advance-time":
            guard let entries = reader.mapping(node, "advance-time", allowed: ["advance-time"]),
                let value = entries.entry("advance-time"),
                let ms = reader.int(value, "advance-time (milliseconds)", atLeast: 0)
            else { return nil }
            return TestStep(action: .advanceTime(ms), location: location)
        case "compact":
            guard let entries = reader.mapping(node, "compact", allowed: ["compact"]),
                let value = entries.entry("compact"),
                let topic = reader.string(value, "compact (a topic, or all)")
            else { return nil }
            return TestStep(action: .compact(topic == "all" ? nil : topic), location: location)
        case "move-task":
            guard let entries = reader.mapping(node, "move-task", allowed: ["move-task", "to"]),
                let taskNode = entries.entry("move-task"),
                let task = reader.string(taskNode, "move-task (a task id, e.g. 1_0)")
            else { return nil }
            guard let toNode = entries.entry("to"), let target = reader.string(toNode, "to") else {
                reader.error("move-task needs 'to:' (the instance that gets the task)", at: node)
                return nil
            }
            return TestStep(action: .moveTask(task, to: target), location: location)
        case "fail-sink":
            guard let entries = reader.mapping(node, "fail-sink", allowed: ["fail-sink", "times"]),
                let stepNode = entries.entry("fail-sink"), let sink = reader.string(stepNode, "fail-sink (a sink step)")
            else { return nil }
            let times = entries.entry("times").flatMap { reader.int($0, "times", atLeast: 1) } ?? 1
            return TestStep(action: .failSink(sink, times: Int(times)), location: location)
        case "refuse-sink-row":
            guard let entries = reader.mapping(node, "refuse-sink-row", allowed: ["refuse-sink-row", "key", "reason"]),
                let stepNode = entries.entry("refuse-sink-row"),
                let sink = reader.string(stepNode, "refuse-sink-row (a sink step)")
            else { return nil }
            guard let key = entries.entry("key") else {
                reader.error("refuse-sink-row needs 'key:' (the row's key)", at: node)
                return nil
            }
            let reason = entries.entry("reason").flatMap { reader.string($0, "reason") } ?? "refused by the test"
            return TestStep(action: .refuseSinkRow(sink, key: reader.value(key), reason: reason), location: location)
        default:
            preconditionFailure("step kind '\(kind)' is in `actions` but not handled")
        }
    }
}

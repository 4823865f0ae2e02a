import Yams

extension TopologySpecParser {
    static let stepKinds = [
        "filter", "map", "map-values", "flat-map", "flat-map-values", "select-key", "peek", "join",
        "left-join", "branch", "process",
    ]

    mutating func parseStreams(_ node: Node) -> [StreamSpec] {
        guard let entries = reader.mapping(node, "streams") else { return [] }
        return entries.compactMap { entry in
            guard let body = reader.mapping(entry.value, "stream '\(entry.key)'") else { return nil }
            reader.checkKeys(body, allowed: ["from", "steps", "to"], in: "stream '\(entry.key)'")
            var spec = StreamSpec(
                name: Located(entry.key, at: reader.location(entry.keyNode)), from: [], steps: [], to: nil)
            for item in body {
                switch item.key {
                case "from": spec.from = reader.names(item.value, "from")
                case "to": spec.to = reader.target(item.value)
                case "steps":
                    guard case .sequence(let steps) = item.value else {
                        reader.error("steps must be a list", at: item.value)
                        continue
                    }
                    spec.steps = steps.compactMap { parseStep($0) }
                default: break
                }
            }
            if spec.from.isEmpty {
                reader.error("stream '\(entry.key)' needs 'from' (a topic or stream)", at: entry.keyNode)
            }
            return spec
        }
    }

    private mutating func parseStep(_ node: Node) -> StepSpec? {
        guard let entries = reader.mapping(node, "a step") else { return nil }
        guard let main = entries.first(where: { Self.stepKinds.contains($0.key) }) else {
            reader.error("a step needs one of: \(Self.stepKinds.joined(separator: ", "))", at: node)
            return nil
        }
        var step = StepSpec(kind: main.key, location: reader.location(main.keyNode))
        reader.checkKeys(entries, allowed: [main.key, "name", "type", "key-type"], in: "step '\(main.key)'")
        for item in entries {
            switch item.key {
            case "name": step.name = reader.string(item.value, "name")?.value
            case "type": step.type = reader.string(item.value, "type")
            case "key-type": step.keyType = reader.string(item.value, "key-type")
            default: break
            }
        }
        switch main.key {
        case "map":
            guard let body = reader.mapping(main.value, "map") else { return nil }
            reader.checkKeys(body, allowed: ["key", "value"], in: "map")
            for item in body {
                if item.key == "key" { step.key = reader.string(item.value, "map key") }
                if item.key == "value" { step.value = reader.string(item.value, "map value") }
            }
        case "join", "left-join":
            guard let body = reader.mapping(main.value, main.key) else { return nil }
            reader.checkKeys(body, allowed: ["table", "value"], in: main.key)
            step.joinType = main.key == "join" ? "inner" : "left"
            for item in body {
                if item.key == "table" { step.table = reader.string(item.value, "table") }
                if item.key == "value" { step.expression = reader.string(item.value, "value") }
            }
            if step.table == nil { reader.error("\(main.key) needs 'table'", at: main.keyNode) }
            if step.expression == nil {
                reader.error("\(main.key) needs 'value' (e.g. \"[left, right]\")", at: main.keyNode)
            }
        case "process":
            if case .mapping = main.value {
                let body = reader.mapping(main.value, "process") ?? []
                reader.checkKeys(body, allowed: ["plugin", "with"], in: "process")
                for item in body {
                    if item.key == "plugin" { step.plugin = reader.string(item.value, "plugin") }
                    if item.key == "with" {
                        for parameter in reader.mapping(item.value, "with") ?? [] {
                            step.parameters[parameter.key] = reader.string(parameter.value, parameter.key)?.value
                        }
                    }
                }
            } else {
                step.plugin = reader.string(main.value, "process")
            }
            if step.plugin == nil { reader.error("process needs 'plugin' (the operator's name)", at: main.keyNode) }
        case "branch":
            guard let body = reader.mapping(main.value, "branch") else { return nil }
            for item in body {
                let name = Located(item.key, at: reader.location(item.keyNode))
                let isDefault = item.value.scalar?.string == "default"
                step.branches.append((name, isDefault ? nil : reader.string(item.value, "branch condition")))
            }
        default:
            step.expression = reader.string(main.value, main.key)
        }
        return step
    }
}

import Yams

extension TopologySpecParser {
    mutating func parseHTTP(_ node: Node, into spec: inout TopologySpec) {
        guard let entries = reader.mapping(node, "http") else { return }
        reader.checkKeys(entries, allowed: ["commands", "queries"], in: "http")
        for entry in entries {
            guard case .sequence(let items) = entry.value else {
                reader.error("http \(entry.key) must be a list", at: entry.value)
                continue
            }
            if entry.key == "commands" { spec.commands = items.compactMap { parseCommand($0) } }
            if entry.key == "queries" { spec.queries = items.compactMap { parseQuery($0) } }
        }
    }

    private mutating func parseCommand(_ node: Node) -> CommandSpec? {
        guard let body = reader.mapping(node, "a command") else { return nil }
        reader.checkKeys(body, allowed: ["post", "topic", "key", "value", "timestamp", "reply"], in: "a command")
        var path: Located<String>?
        var topic: Located<String>?
        var key: BuilderSpec?
        var value: BuilderSpec?
        var reply: ReplySpec?
        var timestamp: Located<String>?
        for item in body {
            switch item.key {
            case "post": path = reader.string(item.value, "post")
            case "topic": topic = reader.string(item.value, "topic")
            case "key": key = parseBuilder(item.value, "key")
            case "value": value = parseBuilder(item.value, "value")
            case "reply": reply = parseReply(item.value)
            case "timestamp": timestamp = reader.string(item.value, "timestamp")
            default: break
            }
        }
        guard let path, let topic, let key, let value else {
            reader.error("a command needs 'post', 'topic', 'key' and 'value'", at: node)
            return nil
        }
        return CommandSpec(path: path, topic: topic, key: key, value: value, timestamp: timestamp, reply: reply)
    }

    private mutating func parseQuery(_ node: Node) -> QuerySpec? {
        guard let body = reader.mapping(node, "a query") else { return nil }
        reader.checkKeys(body, allowed: ["get", "store", "from-sink", "key", "reply"], in: "a query")
        var path: Located<String>?
        var store: Located<String>?
        var key: BuilderSpec?
        var reply: ReplySpec?
        var fromSink = false
        for item in body {
            switch item.key {
            case "get": path = reader.string(item.value, "get")
            case "store": store = reader.string(item.value, "store")
            case "from-sink":
                store = reader.string(item.value, "from-sink")
                fromSink = true
            case "key": key = parseBuilder(item.value, "key")
            case "reply": reply = parseReply(item.value)
            default: break
            }
        }
        guard let path, let store, let key else {
            reader.error("a query needs 'get', 'store' (or 'from-sink') and 'key'", at: node)
            return nil
        }
        return QuerySpec(path: path, store: store, fromSink: fromSink, key: key, reply: reply)
    }

    private mutating func parseBuilder(_ node: Node, _ what: String) -> BuilderSpec? {
        if case .mapping = node {
            let fields = (reader.mapping(node, what) ?? []).compactMap {
                item -> (name: String, builder: BuilderSpec)? in
                parseBuilder(item.value, item.key).map { (item.key, $0) }
            }
            return .record(fields, reader.location(node))
        }
        return reader.string(node, what).map { .expression($0) }
    }

    private mutating func parseReply(_ node: Node) -> ReplySpec? {
        if case .mapping = node { return parseBuilder(node, "reply").map { .json($0) } }
        return reader.string(node, "reply").map { .template($0) }
    }
}

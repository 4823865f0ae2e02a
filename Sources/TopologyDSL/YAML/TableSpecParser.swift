import Yams

extension TopologySpecParser {
    static let tableKeys = [
        "from", "group-by", "key-type", "reduce", "aggregate", "count", "join", "left-join",
        "outer-join", "store", "store-type", "to",
    ]

    mutating func parseTables(_ node: Node) -> [TableSpec] {
        guard let entries = reader.mapping(node, "tables") else { return [] }
        return entries.compactMap { entry in
            guard let body = reader.mapping(entry.value, "table '\(entry.key)'") else { return nil }
            reader.checkKeys(body, allowed: Self.tableKeys, in: "table '\(entry.key)'")
            var spec = TableSpec(name: Located(entry.key, at: reader.location(entry.keyNode)))
            for item in body {
                switch item.key {
                case "from": spec.from = reader.string(item.value, "from")
                case "group-by": spec.groupBy = reader.string(item.value, "group-by")
                case "key-type": spec.groupByType = reader.string(item.value, "key-type")
                case "reduce": spec.reduce = reader.string(item.value, "reduce")
                case "count": spec.count = reader.bool(item.value, "count") ?? false
                case "store": spec.store = reader.string(item.value, "store")
                case "store-type": spec.storeKind = reader.string(item.value, "store-type")
                case "to": spec.to = reader.target(item.value)
                case "aggregate": parseAggregate(item.value, into: &spec)
                case "join", "left-join", "outer-join": spec.join = parseJoin(item.key, item.keyNode, item.value)
                default: break
                }
            }
            checkTableShape(spec, keyNode: entry.keyNode)
            return spec
        }
    }

    private mutating func parseAggregate(_ node: Node, into spec: inout TableSpec) {
        guard let body = reader.mapping(node, "aggregate") else { return }
        reader.checkKeys(body, allowed: ["initial", "apply", "type"], in: "aggregate")
        for item in body {
            switch item.key {
            case "initial": spec.aggregateInitial = reader.string(item.value, "initial")
            case "apply": spec.aggregateApply = reader.string(item.value, "apply")
            case "type": spec.aggregateType = reader.string(item.value, "type")
            default: break
            }
        }
        if spec.aggregateInitial == nil || spec.aggregateApply == nil {
            reader.error("aggregate needs 'initial' and 'apply'", at: node)
        }
    }

    private mutating func parseJoin(_ key: String, _ keyNode: Node, _ node: Node) -> JoinSpec? {
        guard let body = reader.mapping(node, key) else { return nil }
        reader.checkKeys(body, allowed: ["left", "right", "value"], in: key)
        var left: Located<String>?
        var right: Located<String>?
        var value: Located<String>?
        for item in body {
            switch item.key {
            case "left": left = reader.string(item.value, "left")
            case "right": right = reader.string(item.value, "right")
            case "value": value = reader.string(item.value, "value")
            default: break
            }
        }
        guard let left, let right, let value else {
            reader.error("\(key) needs 'left', 'right' and 'value'", at: keyNode)
            return nil
        }
        let type = key == "join" ? "inner" : key == "left-join" ? "left" : "outer"
        return JoinSpec(type: type, left: left, right: right, value: value, location: reader.location(keyNode))
    }

    private mutating func checkTableShape(_ spec: TableSpec, keyNode: Node) {
        let ways = [spec.reduce != nil, spec.aggregateApply != nil, spec.count, spec.join != nil].filter { $0 }.count
        if ways > 1 {
            reader.error(
                "table '\(spec.name.value)' may use only one of reduce, aggregate, count or a join", at: keyNode)
        }
        if spec.join == nil && spec.from == nil {
            reader.error("table '\(spec.name.value)' needs 'from' (a topic or stream) or a join", at: keyNode)
        }
        if spec.join != nil && (spec.from != nil || spec.groupBy != nil) {
            reader.error("a join table takes its inputs from 'left' and 'right', not 'from' or 'group-by'", at: keyNode)
        }
    }
}

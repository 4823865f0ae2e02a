/// Encodes `Encodable` Swift values as `Value`s: structs become records with their fields in
/// encoding order, arrays become lists, `nil` becomes `null`.
public struct ValueEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> Value {
        let root = EncodingNode()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        return root.value
    }
}

/// A value under construction; containers hand out child nodes and freeze them at the end.
final class EncodingNode {
    enum Content {
        case scalar(Value)
        case record([(String, EncodingNode)])
        case list([EncodingNode])
    }
    var content: Content = .scalar(.null)

    var value: Value {
        switch content {
        case .scalar(let v): return v
        case .record(let fields): return .record(Fields(fields.map { ($0.0, $0.1.value) }))
        case .list(let items): return .list(items.map(\.value))
        }
    }

    func child(forKey key: String) -> EncodingNode {
        var fields: [(String, EncodingNode)] = []
        if case .record(let existing) = content { fields = existing }
        if let found = fields.first(where: { $0.0 == key }) { return found.1 }
        let node = EncodingNode()
        fields.append((key, node))
        content = .record(fields)
        return node
    }

    func appendChild() -> EncodingNode {
        var items: [EncodingNode] = []
        if case .list(let existing) = content { items = existing }
        let node = EncodingNode()
        items.append(node)
        content = .list(items)
        return node
    }

    func makeRecord() { if case .record = content {} else { content = .record([]) } }
    func makeList() { if case .list = content {} else { content = .list([]) } }
}

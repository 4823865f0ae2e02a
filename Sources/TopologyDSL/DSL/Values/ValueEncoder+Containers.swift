/// An encoder writing into one `EncodingNode`.
struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeRecord()
        return KeyedEncodingContainer(KeyedNodeEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeList()
        return UnkeyedNodeEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeEncoder(node: node, codingPath: codingPath)
    }
}

/// The scalar `Value` of a primitive, or nil when `value` is not one.
private func primitive(_ value: Any) -> Value? {
    switch value {
    case let v as String: .string(v)
    case let v as Bool: .bool(v)
    case let v as Int: .int(Int64(v))
    case let v as Int8: .int(Int64(v))
    case let v as Int16: .int(Int64(v))
    case let v as Int32: .int(Int64(v))
    case let v as Int64: .int(v)
    case let v as UInt8: .int(Int64(v))
    case let v as UInt16: .int(Int64(v))
    case let v as UInt32: .int(Int64(v))
    case let v as UInt: .int(Int64(truncatingIfNeeded: v))
    case let v as UInt64: .int(Int64(truncatingIfNeeded: v))
    case let v as Double: .double(v)
    case let v as Float: .double(Double(v))
    default: nil
    }
}

private func encodeAny<T: Encodable>(_ value: T, into node: EncodingNode, codingPath: [any CodingKey]) throws {
    if let scalar = primitive(value) {
        node.content = .scalar(scalar)
    } else {
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
    }
}

/// Writes a record's fields in encoding order.
struct KeyedNodeEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).content = .scalar(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeAny(value, into: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }

    // A nil optional is written as `null` (not left out), so records keep every declared field in order.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeIfPresent(value as Bool??, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        try encodeIfPresent(value as String??, key)
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        try encodeIfPresent(value as Double??, key)
    }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws {
        try encodeIfPresent(value as Float??, key)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeIfPresent(value as Int??, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeIfPresent(value as Int8??, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws {
        try encodeIfPresent(value as Int16??, key)
    }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws {
        try encodeIfPresent(value as Int32??, key)
    }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
        try encodeIfPresent(value as Int64??, key)
    }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeIfPresent(value as UInt??, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws {
        try encodeIfPresent(value as UInt8??, key)
    }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws {
        try encodeIfPresent(value as UInt16??, key)
    }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws {
        try encodeIfPresent(value as UInt32??, key)
    }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws {
        try encodeIfPresent(value as UInt64??, key)
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(primitive(value)!)
    }

    private mutating func encodeIfPresent<T: Encodable>(_ value: T??, _ key: Key) throws {
        if let value = value ?? nil { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).container(
            keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.child(forKey: "super"), codingPath: codingPath)
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

/// Appends list items.
struct UnkeyedNodeEncoder: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int {
        if case .list(let items) = node.content { return items.count }
        return 0
    }

    mutating func encodeNil() throws { node.appendChild().content = .scalar(.null) }
    mutating func encode(_ value: Bool) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: String) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Double) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Float) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Int) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Int8) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Int16) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Int32) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Int64) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: UInt) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: UInt8) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: UInt16) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: UInt32) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode(_ value: UInt64) throws { node.appendChild().content = .scalar(primitive(value)!) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeAny(value, into: node.appendChild(), codingPath: codingPath)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        NodeEncoder(node: node.appendChild(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.appendChild(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.appendChild(), codingPath: codingPath) }
}

/// Writes a scalar.
struct SingleNodeEncoder: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .scalar(.null) }
    mutating func encode(_ value: Bool) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: String) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Double) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Float) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Int) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Int8) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Int16) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Int32) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: Int64) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: UInt) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: UInt8) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: UInt16) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: UInt32) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode(_ value: UInt64) throws { node.content = .scalar(primitive(value)!) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeAny(value, into: node, codingPath: codingPath) }
}

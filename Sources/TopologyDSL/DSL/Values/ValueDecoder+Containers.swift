/// A coding key for list positions.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private func mismatch<T>(_ type: T.Type, _ value: Value, at path: [any CodingKey]) -> DecodingError {
    let expected: String
    switch type {
    case is String.Type: expected = "a string"
    case is Bool.Type: expected = "a bool"
    case is Double.Type, is Float.Type: expected = "a number"
    default: expected = "\(type)"
    }
    let context = DecodingError.Context(
        codingPath: path, debugDescription: "expected \(expected), got \(ValueText.describe(value))")
    return value.isNull ? .valueNotFound(type, context) : .typeMismatch(type, context)
}

private func integer<T: FixedWidthInteger>(_ value: Value, at path: [any CodingKey]) throws -> T {
    var exact: T?
    switch value {
    case .int(let i): exact = T(exactly: i)
    case .double(let d) where d.rounded() == d: exact = T(exactly: d)
    default: throw mismatch(T.self, value, at: path)
    }
    guard let exact else {
        throw DecodingError.dataCorrupted(
            .init(codingPath: path, debugDescription: "\(ValueText.describe(value)) is out of range for \(T.self)"))
    }
    return exact
}

private func string(_ value: Value, at path: [any CodingKey]) throws -> String {
    guard case .string(let s) = value else { throw mismatch(String.self, value, at: path) }
    return s
}

private func bool(_ value: Value, at path: [any CodingKey]) throws -> Bool {
    guard case .bool(let b) = value else { throw mismatch(Bool.self, value, at: path) }
    return b
}

private func double(_ value: Value, at path: [any CodingKey]) throws -> Double {
    switch value {
    case .double(let d): return d
    case .int(let i): return Double(i)
    default: throw mismatch(Double.self, value, at: path)
    }
}

/// A decoder over one `Value`.
struct NodeDecoder: Decoder {
    let value: Value
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .record(let fields) = value else {
            throw DecodingError.typeMismatch(
                [String: Any].self,
                .init(
                    codingPath: codingPath,
                    debugDescription: "expected a record, got \(ValueText.describe(value))"))
        }
        return KeyedDecodingContainer(KeyedNodeDecoder<Key>(fields: fields, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .list(let items) = value else {
            throw DecodingError.typeMismatch(
                [Any].self,
                .init(
                    codingPath: codingPath,
                    debugDescription: "expected a list, got \(ValueText.describe(value))"))
        }
        return UnkeyedNodeDecoder(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleNodeDecoder(value: value, codingPath: codingPath)
    }
}

/// Reads a record's fields by name.
struct KeyedNodeDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fields: Fields
    let codingPath: [any CodingKey]

    var allKeys: [Key] { fields.names.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

    private func value(for key: Key) throws -> Value {
        guard let value = fields[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "missing field '\(key.stringValue)'"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { fields[key.stringValue]?.isNull ?? true }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try bool(try value(for: key), at: codingPath + [key])
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try string(try value(for: key), at: codingPath + [key])
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try double(try value(for: key), at: codingPath + [key])
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        Float(try double(try value(for: key), at: codingPath + [key]))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try integer(try value(for: key), at: codingPath + [key])
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try integer(try value(for: key), at: codingPath + [key])
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try integer(try value(for: key), at: codingPath + [key])
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try integer(try value(for: key), at: codingPath + [key])
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try integer(try value(for: key), at: codingPath + [key])
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try integer(try value(for: key), at: codingPath + [key])
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try integer(try value(for: key), at: codingPath + [key])
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try integer(try value(for: key), at: codingPath + [key])
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try integer(try value(for: key), at: codingPath + [key])
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try integer(try value(for: key), at: codingPath + [key])
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: NodeDecoder(value: try value(for: key), codingPath: codingPath + [key]))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try NodeDecoder(value: try value(for: key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(value: try value(for: key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { NodeDecoder(value: fields["super"] ?? .null, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        NodeDecoder(value: fields[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

/// Reads a list's items in order.
struct UnkeyedNodeDecoder: UnkeyedDecodingContainer {
    let items: [Value]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [Value], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }
    private var path: [any CodingKey] { codingPath + [IndexKey(currentIndex)] }

    private mutating func next() throws -> Value {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self, .init(codingPath: path, debugDescription: "the list has no more items"))
        }
        defer { currentIndex += 1 }
        return items[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let p = path
        return try bool(try next(), at: p)
    }
    mutating func decode(_ type: String.Type) throws -> String {
        let p = path
        return try string(try next(), at: p)
    }
    mutating func decode(_ type: Double.Type) throws -> Double {
        let p = path
        return try double(try next(), at: p)
    }
    mutating func decode(_ type: Float.Type) throws -> Float {
        let p = path
        return Float(try double(try next(), at: p))
    }
    mutating func decode(_ type: Int.Type) throws -> Int {
        let p = path
        return try integer(try next(), at: p)
    }
    mutating func decode(_ type: Int8.Type) throws -> Int8 {
        let p = path
        return try integer(try next(), at: p)
    }
    mutating func decode(_ type: Int16.Type) throws -> Int16 {
        let p = path
        return try integer(try next(), at: p)
    }
    mutating func decode(_ type: Int32.Type) throws -> Int32 {
        let p = path
        return try integer(try next(), at: p)
    }
    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        let p = path
        return try integer(try next(), at: p)
    }
    mutating func decode(_ type: UInt.Type) throws -> UInt {
        let p = path
        return try integer(try next(), at: p)
    }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 {
        let p = path
        return try integer(try next(), at: p)
    }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
        let p = path
        return try integer(try next(), at: p)
    }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
        let p = path
        return try integer(try next(), at: p)
    }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
        let p = path
        return try integer(try next(), at: p)
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let p = path
        return try T(from: NodeDecoder(value: try next(), codingPath: p))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<
        NestedKey
    > {
        let p = path
        return try NodeDecoder(value: try next(), codingPath: p).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let p = path
        return try NodeDecoder(value: try next(), codingPath: p).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder {
        let p = path
        return NodeDecoder(value: try next(), codingPath: p)
    }
}

/// Reads a scalar.
struct SingleNodeDecoder: SingleValueDecodingContainer {
    let value: Value
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try bool(value, at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try string(value, at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try double(value, at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try double(value, at: codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try integer(value, at: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(value, at: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(value, at: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(value, at: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(value, at: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(value, at: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(value, at: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(value, at: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(value, at: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(value, at: codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: NodeDecoder(value: value, codingPath: codingPath))
    }
}

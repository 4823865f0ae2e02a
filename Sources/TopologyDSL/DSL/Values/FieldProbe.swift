/// Derives a record type's fields from its `Decodable` conformance: decodes one instance from a
/// decoder that answers every request with a placeholder and notes each field's name and type.
enum FieldProbe {
    /// The fields `T.init(from:)` reads, in order, typed by the Swift types it asks for.
    static func fields<T: Decodable>(of type: T.Type) -> [ValueType.Field] {
        let recorder = FieldRecorder()
        do {
            _ = try T(from: ProbeDecoder(recorder: recorder))
        } catch {
            preconditionFailure(
                "cannot derive the fields of \(T.self) from its Decodable conformance (\(error)); "
                    + "declare `static var fields: [ValueType.Field]` on it")
        }
        return recorder.fields
    }

    /// A placeholder instance of `T`, for nested types: decoded from a probe that records nothing
    /// the caller keeps, or the first case of a `CaseIterable` enum (whose raw value may reject placeholders).
    static func placeholder<T: Decodable>(_ type: T.Type) throws -> T {
        if let iterable = type as? any CaseIterable.Type, let first = firstCase(iterable) as? T { return first }
        return try T(from: ProbeDecoder(recorder: FieldRecorder()))
    }

    private static func firstCase<C: CaseIterable>(_ type: C.Type) -> Any? { C.allCases.first }

    /// The static type of a field of Swift type `T`: its `StreamValue` type, else untyped JSON.
    static func streamType<T>(of type: T.Type) -> ValueType {
        (type as? any StreamValue.Type)?.streamType ?? .json
    }
}

/// The fields seen while probing, in order.
final class FieldRecorder {
    var fields: [ValueType.Field] = []
    func record(_ name: String, _ type: ValueType) {
        if !fields.contains(where: { $0.name == name }) { fields.append(.init(name, type)) }
    }
}

/// A decoder that answers every request with a placeholder.
struct ProbeDecoder: Decoder {
    let recorder: FieldRecorder
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(ProbeKeyedContainer<Key>(recorder: recorder))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { EmptyUnkeyedContainer() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { ProbeSingleContainer(recorder: recorder) }
}

/// Notes each requested field and its type.
struct ProbeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: FieldRecorder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    private func record(_ key: Key, _ type: ValueType) { recorder.record(key.stringValue, type) }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        record(key, .bool)
        return false
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        record(key, .string)
        return ""
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        record(key, .double)
        return 0
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        record(key, .double)
        return 0
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        record(key, .int32)
        return 0
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        record(key, .int32)
        return 0
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        record(key, .int32)
        return 0
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        record(key, .int32)
        return 0
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        record(key, .int32)
        return 0
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        record(key, .int64)
        return 0
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        record(key, .int64)
        return 0
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        record(key, .int64)
        return 0
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        record(key, .int64)
        return 0
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        record(key, .int64)
        return 0
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        record(key, FieldProbe.streamType(of: type))
        return try FieldProbe.placeholder(type)
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        record(key, .json)
        return KeyedDecodingContainer(ProbeKeyedContainer<NestedKey>(recorder: FieldRecorder()))
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        record(key, .list)
        return EmptyUnkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { ProbeDecoder(recorder: recorder) }
    func superDecoder(forKey key: Key) throws -> any Decoder { ProbeDecoder(recorder: FieldRecorder()) }
}

/// Placeholder scalars.
struct ProbeSingleContainer: SingleValueDecodingContainer {
    let recorder: FieldRecorder
    var codingPath: [any CodingKey] { [] }
    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { false }
    func decode(_ type: String.Type) throws -> String { "" }
    func decode(_ type: Double.Type) throws -> Double { 0 }
    func decode(_ type: Float.Type) throws -> Float { 0 }
    func decode(_ type: Int8.Type) throws -> Int8 { 0 }
    func decode(_ type: Int16.Type) throws -> Int16 { 0 }
    func decode(_ type: Int32.Type) throws -> Int32 { 0 }
    func decode(_ type: UInt8.Type) throws -> UInt8 { 0 }
    func decode(_ type: UInt16.Type) throws -> UInt16 { 0 }
    func decode(_ type: Int.Type) throws -> Int { 0 }
    func decode(_ type: Int64.Type) throws -> Int64 { 0 }
    func decode(_ type: UInt.Type) throws -> UInt { 0 }
    func decode(_ type: UInt32.Type) throws -> UInt32 { 0 }
    func decode(_ type: UInt64.Type) throws -> UInt64 { 0 }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try FieldProbe.placeholder(type) }
}

/// An empty list: arrays decode as `[]` while probing.
struct EmptyUnkeyedContainer: UnkeyedDecodingContainer {
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 0 }
    var isAtEnd: Bool { true }
    var currentIndex: Int { 0 }
    private func end() -> DecodingError {
        .valueNotFound(Any.self, .init(codingPath: [], debugDescription: "an empty list while probing fields"))
    }
    mutating func decodeNil() throws -> Bool { true }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { throw end() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<
        NestedKey
    > { throw end() }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw end() }
    mutating func superDecoder() throws -> any Decoder { throw end() }
}

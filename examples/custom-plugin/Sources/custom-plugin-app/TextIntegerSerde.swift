import TopologyDSL

/// A serde plugin: integers written as decimal text (`"42"`), as some producers do.
struct TextIntegerSerde: Serde, SerdePlugin {
    var name: String { "text-int" }

    func makeSerde(for type: ValueType) throws(SerdeError) -> any Serde { self }

    func serialize(_ value: Value, into out: inout [UInt8]) throws(SerdeError) {
        guard case .int(let number) = value else { throw SerdeError("text-int takes integers, got \(value.kindName)") }
        out.append(contentsOf: String(number).utf8)
    }

    func deserialize(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) -> Value {
        guard let number = Int64(String(decoding: bytes, as: UTF8.self)) else {
            throw SerdeError("text-int: '\(String(decoding: bytes, as: UTF8.self))' is not an integer")
        }
        return .int(number)
    }
}

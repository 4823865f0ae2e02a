/// A serialized key used as a dictionary key: hashed as one block of bytes rather than byte by byte.
struct StoreKey: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (a: StoreKey, b: StoreKey) -> Bool { a.bytes == b.bytes }
}

/// The record a task appends to each of its changelogs at every commit, after that commit's
/// changelog records are durable: the commit's sequence number, where its records start in this
/// changelog, and the input offsets the state reflects once they are applied. Restore applies only
/// records a marker covers, so a commit cut short by a crash is never half-applied.
struct CommitMarker: Equatable {
    /// The reserved changelog key of markers (a zero byte cannot start a key of our serdes' records).
    static let key: [UInt8] = [0] + Array("streamrun.commit".utf8)
    static let version: UInt8 = 1

    var sequence: Int64
    var coverageStart: Int64
    var positions: [TopicPartition: Int64]

    static func isMarker(_ key: UnsafeRawBufferPointer?) -> Bool {
        guard let key, key.count == Self.key.count else { return false }
        return key.elementsEqual(Self.key)
    }

    func encoded() -> [UInt8] {
        var out: [UInt8] = [Self.version]
        Self.append(sequence, to: &out)
        Self.append(coverageStart, to: &out)
        Self.append(Int64(positions.count), to: &out)
        for (partition, offset) in positions.sorted(by: { $0.key < $1.key }) {
            let topic = Array(partition.topic.utf8)
            Self.append(Int64(topic.count), to: &out)
            out += topic
            Self.append(Int64(partition.partition), to: &out)
            Self.append(offset, to: &out)
        }
        return out
    }

    init(sequence: Int64, coverageStart: Int64, positions: [TopicPartition: Int64]) {
        self.sequence = sequence
        self.coverageStart = coverageStart
        self.positions = positions
    }

    /// Decodes a marker's value; nil when it is not a marker this version understands.
    init?(_ bytes: UnsafeRawBufferPointer) {
        var reader = Reader(bytes: bytes)
        guard reader.byte() == Self.version, let sequence = reader.int64(), let start = reader.int64(),
              let count = reader.int64(), count >= 0, count < 1 << 20 else { return nil }
        var positions: [TopicPartition: Int64] = [:]
        for _ in 0..<count {
            guard let length = reader.int64(), let topic = reader.string(Int(length)), let partition = reader.int64(),
                  let offset = reader.int64() else { return nil }
            positions[TopicPartition(topic, Int32(truncatingIfNeeded: partition))] = offset
        }
        self.init(sequence: sequence, coverageStart: start, positions: positions)
    }

    static func append(_ value: Int64, to out: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> Int64(shift))) }
    }

    /// Reads big-endian fields from a marker value.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        mutating func byte() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func int64() -> Int64? {
            guard index + 8 <= bytes.count else { return nil }
            defer { index += 8 }
            return bytes[index..<index + 8].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }

        mutating func string(_ length: Int) -> String? {
            guard length >= 0, index + length <= bytes.count else { return nil }
            defer { index += length }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<index + length]), as: UTF8.self)
        }
    }
}

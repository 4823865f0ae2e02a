import StreamrunStores

/// The record a task appends to each of its changelogs at every commit, after that commit's
/// changelog records are durable: the commit's sequence number, where its records start in this
/// changelog, the input offsets the state reflects once they are applied, and what it has applied
/// of each source of its repartition inputs, the writer's epoch, and the task's stream time. Restore applies only records a
/// marker covers, so a commit cut short by a crash is never half-applied, and ignores markers of a
/// writer whose epoch is older than one already seen (a fenced zombie's).
public struct CommitMarker: Equatable {
    /// The reserved changelog key of markers. No built-in serde but `bytes` can produce it (0xFF
    /// starts no UTF-8 text, no Confluent wire-format record, and the fixed-size serdes are shorter);
    /// stores refuse it as a user key.
    static let key: [UInt8] = [0xFF, 0x00] + Array("streamrun.commit".utf8)
    /// The key of version 1 markers, still recognised when restoring older changelogs.
    static let legacyKey: [UInt8] = [0] + Array("streamrun.commit".utf8)
    /// A log's compaction barriers: the commit markers, so records after a changelog's newest
    /// marker never supersede committed ones.
    public static let compactionBarrierKeys: [[UInt8]] = [key, legacyKey]
    /// The key of fences: their own, so that compaction keeps the newest fence beside the newest
    /// marker (a zombie's marker, however new, never hides the fence that rejects it).
    static let fenceKey: [UInt8] = [0xFF, 0x00] + Array("streamrun.fence".utf8)
    static let version: UInt8 = 4

    var sequence: Int64
    var coverageStart: Int64
    var positions: [TopicPartition: Int64]
    var origins: [OriginKey: OriginPosition]
    /// The writer's epoch: every owner of a task takes, when it opens the task, an epoch above
    /// every marker's in its changelogs (0 on logs with a single writer and in older markers).
    var epoch: Int64
    /// A fence: written by a task's new owner when it opens the task, with the state it restored.
    /// It completes no commit of its own; markers of older epochs after it are a zombie's.
    var isFence: Bool
    /// The task's stream time when it committed (-1 before any record; version 4), restored with the
    /// state so that time-based operators go on from where they were, not from the next record.
    var streamTime: Int64

    /// The changelog key this marker is written with.
    var recordKey: [UInt8] { isFence ? Self.fenceKey : Self.key }

    static func isMarker(_ key: UnsafeRawBufferPointer?) -> Bool {
        guard let key else { return false }
        return key.elementsEqual(Self.key) || key.elementsEqual(Self.fenceKey) || key.elementsEqual(Self.legacyKey)
    }

    /// Whether a store must refuse `key` as a user key (it would read back as a marker).
    static func isReserved(_ key: [UInt8]) -> Bool { key == Self.key || key == Self.fenceKey || key == Self.legacyKey }

    func encoded() -> [UInt8] {
        var out: [UInt8] = [Self.version, isFence ? 1 : 0]
        BigEndian.append(sequence, to: &out)
        BigEndian.append(coverageStart, to: &out)
        BigEndian.append(epoch, to: &out)
        BigEndian.append(Int64(positions.count), to: &out)
        for (partition, offset) in positions.sorted(by: { $0.key < $1.key }) {
            Self.append(partition, to: &out)
            BigEndian.append(offset, to: &out)
        }
        BigEndian.append(Int64(origins.count), to: &out)
        let sorted = origins.sorted { a, b in
            a.key.input != b.key.input
                ? a.key.input < b.key.input : a.key.source.lexicographicallyPrecedes(b.key.source)
        }
        for (key, position) in sorted {
            Self.append(key.input, to: &out)
            BigEndian.append(Int64(key.source.count), to: &out)
            out += key.source
            BigEndian.append(position.offset, to: &out)
            BigEndian.append(Int64(position.index), to: &out)
        }
        BigEndian.append(streamTime, to: &out)
        return out
    }

    private static func append(_ partition: TopicPartition, to out: inout [UInt8]) {
        let topic = Array(partition.topic.utf8)
        BigEndian.append(Int64(topic.count), to: &out)
        out += topic
        BigEndian.append(Int64(partition.partition), to: &out)
    }

    init(
        sequence: Int64, coverageStart: Int64, positions: [TopicPartition: Int64],
        origins: [OriginKey: OriginPosition] = [:],
        epoch: Int64 = 0, isFence: Bool = false, streamTime: Int64 = -1
    ) {
        self.sequence = sequence
        self.coverageStart = coverageStart
        self.positions = positions
        self.origins = origins
        self.epoch = epoch
        self.isFence = isFence
        self.streamTime = streamTime
    }

    /// Decodes a marker's value (versions 1 to 4); nil when it is not a marker this version
    /// understands. Every length is checked against the bytes left, so crafted bytes never trap.
    init?(_ bytes: UnsafeRawBufferPointer) {
        var reader = Reader(bytes: bytes)
        guard let version = reader.byte(), (1...Self.version).contains(version) else { return nil }
        var flags: UInt8 = 0
        if version >= 3 {
            guard let value = reader.byte(), value <= 1 else { return nil }
            flags = value
        }
        guard let sequence = reader.int64(), let start = reader.int64() else { return nil }
        var epoch: Int64 = 0
        if version >= 3 {
            guard let value = reader.int64() else { return nil }
            epoch = value
        }
        guard let count = reader.count() else { return nil }
        var positions: [TopicPartition: Int64] = [:]
        for _ in 0..<count {
            guard let partition = reader.topicPartition(), let offset = reader.int64() else { return nil }
            positions[partition] = offset
        }
        var origins: [OriginKey: OriginPosition] = [:]
        if version >= 2 {
            guard let count = reader.count() else { return nil }
            for _ in 0..<count {
                guard let input = reader.topicPartition(), let length = reader.count(),
                    let source = reader.bytes(length),
                    let offset = reader.int64(), let index = reader.int64()
                else { return nil }
                origins[OriginKey(input: input, source: source)] =
                    OriginPosition(offset: offset, index: Int32(truncatingIfNeeded: index))
            }
        }
        var streamTime: Int64 = -1
        if version >= 4 {
            guard let value = reader.int64() else { return nil }
            streamTime = value
        }
        guard reader.isAtEnd else { return nil }
        self.init(
            sequence: sequence, coverageStart: start, positions: positions, origins: origins, epoch: epoch,
            isFence: flags == 1, streamTime: streamTime)
    }

    /// Reads big-endian fields from a marker value; every read checks the bytes left.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        mutating func byte() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func int64() -> Int64? {
            guard bytes.count - index >= 8 else { return nil }
            defer { index += 8 }
            return BigEndian.int64(bytes, at: index)
        }

        /// A count or length: not negative and not more than the bytes left.
        mutating func count() -> Int? {
            guard let value = int64(), value >= 0, value <= Int64(bytes.count - index) else { return nil }
            return Int(value)
        }

        mutating func bytes(_ length: Int) -> [UInt8]? {
            guard length >= 0, bytes.count - index >= length else { return nil }
            defer { index += length }
            return Array(UnsafeRawBufferPointer(rebasing: bytes[index..<index + length]))
        }

        mutating func topicPartition() -> TopicPartition? {
            guard let length = count(), let topic = bytes(length), let partition = int64(),
                let narrow = Int32(exactly: partition)
            else { return nil }
            return TopicPartition(String(decoding: topic, as: UTF8.self), narrow)
        }
    }
}

import Foundation
import StreamrunEngine

/// The committed offsets of one consumer group, persisted atomically in
/// `groups/<group>.offsets` (JSON; temp file, fsync, rename, fsync directory).
// @unchecked Sendable: `offsets` is read and written under `lock` (init fills it before the store is shared).
final class GroupOffsetStore: @unchecked Sendable {
    private struct Entry: Codable {
        var topic: String
        var partition: Int32
        var offset: Int64
    }

    let path: String
    private let lock = NSLock()
    private var offsets: [TopicPartition: Int64] = [:]  // guarded

    init(directory: String, group: String) throws {
        path = directory + "/" + GroupOffsetStore.fileName(group: group)
        if let bytes = try LogFileIO.read(path) {
            do {
                for entry in try JSONDecoder().decode([Entry].self, from: Data(bytes)) {
                    offsets[TopicPartition(entry.topic, entry.partition)] = entry.offset
                }
            } catch {
                throw StreamrunError("embedded log: unreadable committed offsets \(path): \(error)")
            }
        }
    }

    /// A file name for any group name: [A-Za-z0-9._-] kept, other bytes as %XX.
    static func fileName(group: String) -> String {
        var name = ""
        for byte in group.utf8 {
            let keep =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
            name += keep ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded
        }
        return name + ".offsets"
    }

    /// Merges `commits` into the group's offsets and persists them all before returning.
    func commit(_ commits: [TopicPartition: Int64]) throws {
        lock.lock()
        defer { lock.unlock() }
        var next = offsets
        for (partition, offset) in commits { next[partition] = offset }
        let entries = next.sorted { $0.key < $1.key }
            .map { Entry(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) }
        try LogFileIO.writeAtomically(path, Array(try JSONEncoder().encode(entries)))
        offsets = next
    }

    func committed(_ partition: TopicPartition) -> Int64? {
        lock.lock()
        defer { lock.unlock() }
        return offsets[partition]
    }
}

extension String {
    fileprivate var leftPadded: String { count < 2 ? "0" + self : self }
}

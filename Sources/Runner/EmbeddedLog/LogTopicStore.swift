import Foundation
import StreamrunEngine

/// The topics of an embedded log: metadata persisted in `topics/<topic>/topic.json`, and the
/// open partitions, each registered with the writer before the topic becomes visible.
// @unchecked Sendable: `topics` and `changes` are read and written under `lock` (init fills them before the store is
// shared); the other fields are `let`.
final class LogTopicStore: @unchecked Sendable {
    /// What `topic.json` holds.
    struct Metadata: Codable {
        var name: String
        var partitions: Int32
        var compacted: Bool
        /// Kafka's `retention.ms` and `retention.bytes` (absent in files written before they existed:
        /// the defaults apply).
        var retentionMs: Int64?
        var retentionBytes: Int64?

        var effectiveRetentionMs: Int64 { retentionMs ?? TopicSpec.defaultRetentionMs }
        var effectiveRetentionBytes: Int64 { retentionBytes ?? -1 }
    }

    let root: String
    private let options: EmbeddedLogOptions
    private let writer: LogWriter
    private let lock = NSLock()
    private var topics: [String: (metadata: Metadata, logs: [PartitionLog])] = [:]  // guarded
    private var changes: UInt64 = 0  // guarded

    /// Opens every topic found under `root`.
    init(root: String, options: EmbeddedLogOptions, writer: LogWriter) throws {
        self.root = root
        self.options = options
        self.writer = writer
        try LogFileIO.makeDirectory(root)
        for name in try LogFileIO.list(root) {
            let directory = root + "/" + name
            guard let bytes = try LogFileIO.read(directory + "/topic.json") else {
                options.log("embedded log: ignoring \(directory): no topic.json (an interrupted createTopics?)")
                continue
            }
            let metadata: Metadata
            do { metadata = try JSONDecoder().decode(Metadata.self, from: Data(bytes)) } catch {
                throw StreamrunError("embedded log: unreadable \(directory)/topic.json: \(error)")
            }
            guard metadata.name == name, metadata.partitions > 0 else {
                throw StreamrunError(
                    "embedded log: \(directory)/topic.json describes topic '\(metadata.name)' "
                        + "with \(metadata.partitions) partitions")
            }
            topics[name] = (metadata, try openPartitions(metadata))
        }
    }

    private func openPartitions(_ metadata: Metadata) throws -> [PartitionLog] {
        let logs = try (0..<metadata.partitions).map { partition in
            try PartitionLog(
                topicPartition: TopicPartition(metadata.name, partition),
                directory: "\(root)/\(metadata.name)/\(partition)", options: options)
        }
        logs.forEach(writer.register)
        return logs
    }

    /// Creates the topics that do not exist; throws before creating any when one exists with
    /// another partition count. An existing topic takes the retention settings declared now.
    func create(_ specs: [TopicSpec]) throws {
        lock.lock()
        defer { lock.unlock() }
        var wanted: [String: TopicSpec] = [:]
        for spec in specs {
            try LogTopicStore.validate(spec)
            let existing = topics[spec.name].map { $0.metadata.partitions } ?? wanted[spec.name]?.partitions
            if let existing, existing != spec.partitions {
                throw StreamrunError(
                    "embedded log: topic '\(spec.name)' exists with \(existing) partitions; "
                        + "cannot create it with \(spec.partitions)")
            }
            if topics[spec.name] == nil { wanted[spec.name] = spec }
        }
        for spec in specs {
            guard var existing = topics[spec.name],
                existing.metadata.effectiveRetentionMs != spec.retentionMs
                    || existing.metadata.effectiveRetentionBytes != spec.retentionBytes
            else { continue }
            existing.metadata.retentionMs = spec.retentionMs
            existing.metadata.retentionBytes = spec.retentionBytes
            try write(existing.metadata)
            topics[spec.name] = existing
        }
        for spec in wanted.values.sorted(by: { $0.name < $1.name }) {
            let metadata = Metadata(
                name: spec.name, partitions: spec.partitions, compacted: spec.compacted,
                retentionMs: spec.retentionMs, retentionBytes: spec.retentionBytes)
            try LogFileIO.makeDirectory(root + "/" + spec.name)
            let logs = try openPartitions(metadata)
            try write(metadata)
            topics[spec.name] = (metadata, logs)
            changes += 1
        }
    }

    private func write(_ metadata: Metadata) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try LogFileIO.writeAtomically(root + "/" + metadata.name + "/topic.json", Array(try encoder.encode(metadata)))
    }

    /// Every topic with its partitions, by name.
    func all() -> [(metadata: Metadata, logs: [PartitionLog])] {
        lock.lock()
        defer { lock.unlock() }
        return topics.keys.sorted().map { topics[$0]! }
    }

    static func validate(_ spec: TopicSpec) throws {
        let name = spec.name
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D  // . _ -
        }
        guard !name.isEmpty, name.utf8.count <= 249, allowed, name != ".", name != ".." else {
            throw StreamrunError("embedded log: invalid topic name '\(name)' (use 1-249 of [A-Za-z0-9._-])")
        }
        guard spec.partitions > 0 else {
            throw StreamrunError("embedded log: topic '\(name)' needs at least one partition, not \(spec.partitions)")
        }
    }

    func metadata(of topic: String) -> Metadata? {
        lock.lock()
        defer { lock.unlock() }
        return topics[topic]?.metadata
    }

    /// The partitions of `topic`, or nil when it does not exist.
    func logs(of topic: String) -> [PartitionLog]? {
        lock.lock()
        defer { lock.unlock() }
        return topics[topic]?.logs
    }

    func log(_ partition: TopicPartition) throws -> PartitionLog {
        lock.lock()
        defer { lock.unlock() }
        guard let topic = topics[partition.topic] else {
            throw StreamrunError("embedded log: unknown topic '\(partition.topic)'")
        }
        guard partition.partition >= 0, Int(partition.partition) < topic.logs.count else {
            throw StreamrunError(
                "embedded log: unknown partition \(partition.partition) of topic '\(partition.topic)' "
                    + "(it has \(topic.logs.count))")
        }
        return topic.logs[Int(partition.partition)]
    }

    /// Grows whenever a topic is created.
    var version: UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return changes
    }
}

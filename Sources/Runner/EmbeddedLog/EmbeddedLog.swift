import Foundation
public import StreamrunEngine

/// The embedded log: Kafka's transport contract for one process and one group member, over
/// durable, partitioned, append-only segment files in a data directory; no broker.
///
/// Opening a directory another instance of this process still has open closes that instance;
/// another process is refused (flock). Layout: `<dir>/.lock`, `<dir>/topics/<topic>/topic.json`,
/// `<dir>/topics/<topic>/<partition>/<20-digit base offset>.log`, `<dir>/groups/<group>.offsets`.
// @unchecked Sendable: `groups` and `closed` are read and written under `lock`; every other field is a `let` of a
// thread-safe type.
public final class EmbeddedLog: LogTransport, @unchecked Sendable {
    public let directory: String
    public let options: EmbeddedLogOptions
    let notifier = LogNotifier()
    let writer: LogWriter
    let topics: LogTopicStore
    let cleaner: LogCleaner
    private let groupsDirectory: String
    private let directoryLock: DirectoryLock
    private let canonicalDirectory: String
    private let lock = NSLock()
    private var groups: [String: GroupOffsetStore] = [:]  // guarded
    private var closed = false  // guarded

    public convenience init(directory: String) throws {
        try self.init(directory: directory, options: EmbeddedLogOptions())
    }

    /// Opens (creating when needed) the log in `directory`, recovering every partition.
    public init(directory: String, options: EmbeddedLogOptions) throws {
        self.directory = directory
        self.options = options
        try LogFileIO.makeDirectory(directory)
        canonicalDirectory = OpenLogRegistry.canonical(directory)
        if let previous = OpenLogRegistry.shared.current(canonicalDirectory) {
            options.log("embedded log: \(directory) was still open in this process; closing the earlier instance")
            previous.close()
        }
        directoryLock = try DirectoryLock(directory: directory)
        groupsDirectory = directory + "/groups"
        try LogFileIO.makeDirectory(groupsDirectory)
        let rolls = LogNotifier()
        writer = LogWriter(notifier: notifier, rolls: rolls, options: options)
        do {
            topics = try LogTopicStore(root: directory + "/topics", options: options, writer: writer)
        } catch {
            writer.shutdown()
            throw error
        }
        cleaner = LogCleaner(topics: topics, rolls: rolls, options: options)
        OpenLogRegistry.shared.register(self, canonicalDirectory)
        if options.backgroundCleaning { cleaner.start() }
    }

    deinit { close() }

    /// Writes what is queued, stops the writer and releases the data directory. Producers then
    /// fail; records already read stay valid.
    public func close() {
        lock.lock()
        let wasClosed = closed
        closed = true
        lock.unlock()
        guard !wasClosed else { return }
        cleaner.stop()
        writer.shutdown()
        notifier.bump()
        directoryLock.release()
        OpenLogRegistry.shared.unregister(self, canonicalDirectory)
    }

    func checkOpen() throws {
        lock.lock()
        defer { lock.unlock() }
        if closed { throw StreamrunError("embedded log: \(directory) is closed") }
    }

    public func createTopics(_ specs: [TopicSpec]) throws {
        try checkOpen()
        try topics.create(specs)
    }

    public func partitionCount(of topic: String) throws -> Int32? {
        topics.metadata(of: topic)?.partitions
    }

    /// Whether `topic` was created as compacted (nil when it does not exist).
    public func isCompacted(_ topic: String) -> Bool? {
        topics.metadata(of: topic)?.compacted
    }

    public func endOffset(of partition: TopicPartition) throws -> Int64 {
        try topics.log(partition).endOffset
    }

    /// Kafka's log start offset (low watermark) of `partition`: the first offset a read can
    /// return; reads from below it start here.
    public func startOffset(of partition: TopicPartition) throws -> Int64 {
        try topics.log(partition).startOffset
    }

    public func makeProducer() throws -> any LogProducer {
        try checkOpen()
        return EmbeddedLogProducer(writer: writer)
    }

    /// The embedded log has no transactions: a single process writes it, and its state is exact
    /// across crashes without them (outputs are at least once).
    public func makeTransactionalProducer(id: String) throws -> any TransactionalProducer {
        throw StreamrunError(
            "the embedded log has no transactions: processing.guarantee exactly-once needs Kafka "
                + "(--bootstrap-servers); on the embedded log state is exact and outputs are at least once")
    }

    public func makeConsumer(group: String?) throws -> any LogConsumer {
        try checkOpen()
        return EmbeddedLogConsumer(log: self, group: try group.map(groupStore))
    }

    /// The shared offset store of `group`.
    func groupStore(_ group: String) throws -> GroupOffsetStore {
        guard !group.isEmpty else { throw StreamrunError("embedded log: a consumer group needs a non-empty name") }
        lock.lock()
        defer { lock.unlock() }
        if let store = groups[group] { return store }
        let store = try GroupOffsetStore(directory: groupsDirectory, group: group)
        groups[group] = store
        return store
    }
}

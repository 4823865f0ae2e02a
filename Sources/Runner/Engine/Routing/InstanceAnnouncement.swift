import TopologyDSL

/// What an instance tells the others: where its HTTP API is and which tasks it owns since when.
public struct InstanceAnnouncement: Sendable, Equatable {
    public var instanceId: String
    public var url: String
    public var tasks: [TaskId]
    /// When these tasks were assigned (ms since the epoch); the newest claim of a task wins.
    public var assignedAt: Int64
    /// When this announcement was sent (ms since the epoch); announcements are repeated as heartbeats.
    public var sentAt: Int64

    public init(instanceId: String, url: String, tasks: [TaskId], assignedAt: Int64, sentAt: Int64) {
        self.instanceId = instanceId
        self.url = url
        self.tasks = tasks
        self.assignedAt = assignedAt
        self.sentAt = sentAt
    }

    var value: Value {
        .record(
            Fields([
                ("instance", .string(instanceId)), ("url", .string(url)),
                ("tasks", .list(tasks.map { .string($0.description) })),
                ("assignedAt", .int(assignedAt)), ("sentAt", .int(sentAt)),
            ]))
    }

    func encoded() -> [UInt8] { JSONWriter.encode(value) }

    /// Decodes an announcement; nil for anything else.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard let value = try? JSONReader.parse(bytes), case .string(let id) = value[field: "instance"],
            case .string(let url) = value[field: "url"], case .list(let tasks) = value[field: "tasks"],
            case .int(let assignedAt) = value[field: "assignedAt"], case .int(let sentAt) = value[field: "sentAt"]
        else { return nil }
        self.init(
            instanceId: id, url: url, tasks: tasks.compactMap { TaskId(parsing: $0.stringValue ?? "") },
            assignedAt: assignedAt, sentAt: sentAt)
    }
}

extension TaskId {
    /// Parses `3_1` (sub-topology 3, partition 1).
    init?(parsing text: String) {
        let parts = text.split(separator: "_")
        guard parts.count == 2, let subtopology = Int(parts[0]), let partition = Int32(parts[1]) else { return nil }
        self.init(subtopology: subtopology, partition: partition)
    }
}

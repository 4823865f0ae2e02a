internal import CRdKafka
import Foundation
import StreamrunEngine

/// Creates topics and reads their partition counts through an admin client.
struct KafkaTopicAdmin {
    let handle: KafkaHandle
    let replicationFactor: Int32
    let timeoutMs: Int

    func partitionCount(of topic: String) throws -> Int32? {
        try KafkaMetadata(handle, timeoutMs: timeoutMs).partitionCount(of: topic)
    }

    /// Creates the missing topics, refuses ones that exist with another partition count, and
    /// waits until the metadata shows every topic with all its partitions.
    func create(_ specs: [TopicSpec]) throws {
        var wanted: [String: TopicSpec] = [:]
        for spec in specs {
            if let earlier = wanted[spec.name], earlier.partitions != spec.partitions {
                throw StreamrunError(
                    "kafka: topic '\(spec.name)' is declared with \(earlier.partitions) and "
                        + "\(spec.partitions) partitions")
            }
            guard spec.partitions > 0 else {
                throw StreamrunError("kafka: topic '\(spec.name)' needs at least one partition, not \(spec.partitions)")
            }
            wanted[spec.name] = spec
        }
        guard !wanted.isEmpty else { return }
        let existing = try KafkaMetadata(handle, timeoutMs: timeoutMs)
        try checkCounts(wanted.values, existing)
        let missing = wanted.values.filter { existing.partitionCount(of: $0.name) == nil }.sorted { $0.name < $1.name }
        if !missing.isEmpty { try request(missing) }
        try waitUntilVisible(Array(wanted.values))
    }

    private func checkCounts(_ specs: some Sequence<TopicSpec>, _ metadata: KafkaMetadata) throws {
        for spec in specs.sorted(by: { $0.name < $1.name }) {
            if let count = metadata.partitionCount(of: spec.name), count != spec.partitions {
                throw StreamrunError(
                    "kafka: topic '\(spec.name)' exists with \(count) partitions; "
                        + "cannot create it with \(spec.partitions)")
            }
        }
    }

    /// Sends one CreateTopics request and waits for its result; "already exists" is fine here
    /// (the counts are checked afterwards).
    private func request(_ specs: [TopicSpec]) throws {
        let topics = try specs.map { try KafkaNewTopic($0, replicationFactor: replicationFactor) }
        var pointers: [OpaquePointer?] = topics.map(\.pointer)
        let event = try perform(RD_KAFKA_ADMIN_OP_CREATETOPICS, "CreateTopics") { options, queue in
            withExtendedLifetime(topics) {
                rd_kafka_CreateTopics(handle.pointer, &pointers, pointers.count, options, queue)
            }
        }
        try withExtendedLifetime(event) { try check(event) }
    }

    /// Sends one admin request (`send` gets the options and the reply queue) and waits for its
    /// answer, at most the request timeout and 5 s more.
    func perform(
        _ operation: rd_kafka_admin_op_t, _ name: String,
        _ send: (_ options: OpaquePointer, _ queue: OpaquePointer) -> Void
    ) throws -> KafkaEvent {
        let options = KafkaAdminOptions(handle, for: operation, timeoutMs: timeoutMs)
        let queue = KafkaQueue(newFor: handle)
        withExtendedLifetime(options) { send(options.pointer, queue.pointer) }
        guard let event = queue.pollEvent(timeoutMs: timeoutMs + 5_000) else {
            throw StreamrunError("kafka: no answer to \(name) within \(timeoutMs) ms")
        }
        return event
    }

    private func check(_ event: KafkaEvent) throws {
        if let error = event.error { throw StreamrunError("kafka: CreateTopics failed: \(error)") }
        guard let result = rd_kafka_event_CreateTopics_result(event.pointer) else {
            throw StreamrunError("kafka: unexpected answer to CreateTopics (event type \(event.type))")
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
        for i in 0..<count {
            guard let topic = results[i] else { continue }
            let code = rd_kafka_topic_result_error(topic)
            if code == RD_KAFKA_RESP_ERR_NO_ERROR || code == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS { continue }
            let name = KafkaText.string(rd_kafka_topic_result_name(topic))
            let detail = KafkaText.string(rd_kafka_topic_result_error_string(topic))
            let reason = detail.isEmpty ? KafkaText.describe(code) : detail
            throw StreamrunError("kafka: cannot create topic '\(name)': \(reason)")
        }
    }

    private func waitUntilVisible(_ specs: [TopicSpec]) throws {
        let deadline = Date(timeIntervalSinceNow: Double(timeoutMs) / 1000)
        while true {
            let metadata = try KafkaMetadata(handle, timeoutMs: timeoutMs)
            try checkCounts(specs, metadata)
            let pending = specs.filter { !metadata.isReady($0.name) }
            if pending.isEmpty { return }
            if Date() >= deadline {
                throw StreamrunError(
                    "kafka: topics \(pending.map(\.name).sorted()) did not appear in the metadata "
                        + "within \(timeoutMs) ms")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}

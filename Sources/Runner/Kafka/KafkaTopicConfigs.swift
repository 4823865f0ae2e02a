internal import CRdKafka
import StreamrunEngine

extension KafkaTopicAdmin {
    /// The broker's configuration of `topic` (DescribeConfigs): every entry it reports, by name.
    func configs(of topic: String) throws -> [String: String] {
        guard let resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic) else {
            throw StreamrunError("kafka: cannot describe the configuration of topic '\(topic)'")
        }
        defer { rd_kafka_ConfigResource_destroy(resource) }
        var resources: [OpaquePointer?] = [resource]
        let event = try perform(RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, "DescribeConfigs") { options, queue in
            rd_kafka_DescribeConfigs(handle.pointer, &resources, 1, options, queue)
        }
        return try withExtendedLifetime(event) { try entries(in: event, topic: topic) }
    }

    private func entries(in event: KafkaEvent, topic: String) throws -> [String: String] {
        if let error = event.error { throw StreamrunError("kafka: DescribeConfigs of '\(topic)' failed: \(error)") }
        guard let result = rd_kafka_event_DescribeConfigs_result(event.pointer) else {
            throw StreamrunError("kafka: unexpected answer to DescribeConfigs (event type \(event.type))")
        }
        var count = 0
        guard let resources = rd_kafka_DescribeConfigs_result_resources(result, &count), count > 0,
            let resource = resources[0]
        else { return [:] }
        let code = rd_kafka_ConfigResource_error(resource)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw StreamrunError("kafka: cannot describe topic '\(topic)': \(KafkaText.describe(code))")
        }
        var entryCount = 0
        guard let entries = rd_kafka_ConfigResource_configs(resource, &entryCount) else { return [:] }
        var configs: [String: String] = [:]
        for i in 0..<entryCount {
            guard let entry = entries[i], let name = rd_kafka_ConfigEntry_name(entry) else { continue }
            configs[String(cString: name)] = rd_kafka_ConfigEntry_value(entry).map { String(cString: $0) }
        }
        return configs
    }
}

/// A command endpoint: a POST whose JSON body becomes one record appended to a topic (the CQRS
/// command side); the reply is sent once the record is durable.
///
/// ```swift
/// Command(post: "/inventory/adjustment", topic: adjustments,
///         key: { request in LocationSku(location: try request.body.string("locationId", or: "location"),
///                                       sku: try request.body.string("sku")) },
///         value: { request in try request.body.int32("count") },
///         reply: { topic, partition, offset in "Updated Inventory [\(topic)-\(partition)@\(offset)]" })
/// ```
public struct Command: TopologyComponent {
    public let path: String
    let topic: TopicDeclaration
    let key: RequestFunction
    let value: RequestFunction
    let reply: @Sendable (String, Int32, Int64, Value, Value) throws -> ReplyBody
    let location: SourceLocation

    /// `POST path` appends `(key(request), value(request))` to `topic` and answers `reply(topic,
    /// partition, offset)` (by default JSON of the topic, partition, offset, key and value).
    public init<K: StreamValue, V: StreamValue>(
        post path: String, topic: Topic<K, V>,
        file: String = #fileID, line: Int = #line, column: Int = #column,
        key: @escaping @Sendable (EndpointRequest) throws -> K,
        value: @escaping @Sendable (EndpointRequest) throws -> V,
        reply: (@Sendable (_ topic: String, _ partition: Int32, _ offset: Int64) throws -> Reply)? = nil
    ) {
        self.path = path
        self.topic = topic.declaration
        self.key = EndpointRequest.function("key", key)
        self.value = EndpointRequest.function("value", value)
        location = SourceLocation(file, line, column)
        if let reply {
            self.reply = { topic, partition, offset, _, _ in try reply(topic, partition, offset).body() }
        } else {
            self.reply = { topic, partition, offset, key, value in
                try Reply.json(
                    .record(
                        Fields([
                            ("topic", .string(topic)), ("partition", .int(Int64(partition))),
                            ("offset", .int(offset)), ("key", key), ("value", value),
                        ]))
                ).body()
            }
        }
    }

    public func contribute(to context: TopologyContext) {
        let command = self
        context.onDeclare { $0.declare(command.topic, at: command.location) }
        context.onEndpoints { context in
            context.builder.http.commands.append(
                CommandEndpoint(
                    path: command.path, topic: command.topic.name, key: command.key, value: command.value,
                    reply: command.reply, location: command.location))
        }
    }
}

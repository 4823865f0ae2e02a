/// A command endpoint: a POST whose body becomes a record appended to a topic.
public struct CommandEndpoint: Sendable {
    public var path: String
    public var topic: String
    public var key: RequestFunction
    public var value: RequestFunction
    /// The record's timestamp (epoch ms) from the request; nil: the time the command is appended.
    public var timestamp: RequestFunction?
    /// Renders the reply from `topic`, `partition`, `offset`, `key` and `value`.
    public var reply:
        @Sendable (_ topic: String, _ partition: Int32, _ offset: Int64, _ key: Value, _ value: Value) throws ->
            ReplyBody
    public var location: SourceLocation?

    public init(
        path: String, topic: String, key: @escaping RequestFunction, value: @escaping RequestFunction,
        timestamp: RequestFunction? = nil,
        reply: @escaping @Sendable (String, Int32, Int64, Value, Value) throws -> ReplyBody,
        location: SourceLocation? = nil
    ) {
        self.path = path
        self.topic = topic
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.reply = reply
        self.location = location
    }
}

/// A query endpoint: a GET that looks a key up in a store and renders what it finds.
public struct QueryEndpoint: Sendable {
    public var path: String
    public var store: String
    /// Reads the value from a sink's table instead of a store (`from-sink:`).
    public var sinkLookup: (@Sendable (Value) async throws -> Value?)?
    public var key: RequestFunction
    /// Renders the reply from the key and the stored value.
    public var reply: @Sendable (_ key: Value, _ value: Value) throws -> ReplyBody
    public var location: SourceLocation?

    public init(
        path: String, store: String, key: @escaping RequestFunction,
        reply: @escaping @Sendable (Value, Value) throws -> ReplyBody, location: SourceLocation? = nil,
        sinkLookup: (@Sendable (Value) async throws -> Value?)? = nil
    ) {
        self.path = path
        self.store = store
        self.sinkLookup = sinkLookup
        self.key = key
        self.reply = reply
        self.location = location
    }
}

/// The HTTP endpoints a topology declares.
public struct HTTPDeclaration: Sendable {
    public var commands: [CommandEndpoint]
    public var queries: [QueryEndpoint]
    public init(commands: [CommandEndpoint] = [], queries: [QueryEndpoint] = []) {
        self.commands = commands
        self.queries = queries
    }
}

/// A record whose key and value together are larger than the transport carries (Kafka's
/// `message.max.bytes`, the embedded log's record limit), refused before it is produced.
public struct RecordTooLarge: Error, CustomStringConvertible, Sendable {
    public let topic: String
    public let bytes: Int
    public let limit: Int

    public var description: String {
        "a record of \(bytes) bytes (key and value) for topic '\(topic)' exceeds the transport's limit of \(limit) bytes"
    }
}

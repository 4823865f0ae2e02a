/// Where a record's timestamp (epoch milliseconds) comes from when it is read from a topic: by
/// default the record's own (Kafka's CreateTime, what the producer set), else computed from the
/// record (`timestamp: value.ts` on a YAML topic, a closure on a DSL `Topic`). Kafka Streams'
/// `TimestampExtractor`.
public struct TimestampExtractor: Sendable {
    /// Gets the decoded key (`.null` unless `readsKey`), the value and the record's own timestamp.
    public typealias Extract = @Sendable (_ key: Value, _ value: Value, _ recordTimestamp: Int64) throws -> Int64
    public let readsKey: Bool
    /// How it was declared, for `describe`.
    public let detail: String?
    private let extract: Extract

    public init(readsKey: Bool, detail: String? = nil, extract: @escaping Extract) {
        self.readsKey = readsKey
        self.detail = detail
        self.extract = extract
    }

    /// The record's timestamp; a negative one is an error (the record is dead-lettered), as with
    /// Kafka Streams' `FailOnInvalidTimestamp`, but without stopping the task.
    public func timestamp(key: Value, value: Value, recordTimestamp: Int64) throws -> Int64 {
        let timestamp = try extract(key, value, recordTimestamp)
        guard timestamp >= 0 else {
            throw EvaluationError(
                "the timestamp extracted from the record is negative (\(timestamp)); "
                    + "timestamps are epoch milliseconds", code: .typeMismatch)
        }
        return timestamp
    }
}

package import TopologyDSL

/// A stored value with the timestamp of the record that last wrote it (Kafka Streams'
/// `ValueAndTimestamp`): aggregations and table joins give their results the newest timestamp of
/// what they were computed from, which they read back from the store.
package struct TimestampedValue: Equatable {
    package var value: Value
    package var timestamp: Int64

    package init(value: Value, timestamp: Int64) {
        self.value = value
        self.timestamp = timestamp
    }

    /// The bytes a backend keeps: the timestamp (8 bytes, big-endian), then the serialized value.
    /// A changelog carries the value alone, the timestamp being its record's.
    package static func encode(_ value: [UInt8], timestamp: Int64, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(8 + value.count)
        BigEndian.append(timestamp, to: &out)
        out += value
    }

    /// Reads bytes written by `encode`; a value too short to hold a timestamp is damaged local state.
    package static func decode(_ bytes: UnsafeRawBufferPointer, serde: any Serde) throws -> TimestampedValue {
        guard bytes.count >= 8 else {
            throw SerdeError(
                "a stored value of \(bytes.count) bytes is too short for its timestamp (damaged local state?)")
        }
        return TimestampedValue(
            value: try serde.deserialize(UnsafeRawBufferPointer(rebasing: bytes[8...])),
            timestamp: BigEndian.int64(bytes, at: 0))
    }
}

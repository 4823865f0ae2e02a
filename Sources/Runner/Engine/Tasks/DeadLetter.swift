/// A record that cannot be processed, on its way to the dead-letter topic
/// (`<application>-dead-letters`, partition 0), with why and where it came from in headers:
/// `streamrun.error` (the reason); `streamrun.topic`, `streamrun.partition`, `streamrun.offset`
/// (the input record); and for a row a sink refused, `streamrun.sink` (the sink step) and, when
/// the stream's serdes could not write the row, `streamrun.format: json` (key and value are then
/// JSON text).
struct DeadLetter {
    /// The input record a dead letter stands for (for a sink row: the input that last changed it).
    struct Input {
        var topic: String
        var partition: Int32
        var offset: Int64

        /// The input named by a task's origin source bytes (`topic`, a zero byte, the partition
        /// in decimal: `RecordOrigin.source(of:)`); nil if they are not in that form.
        init?(source: [UInt8], offset: Int64) {
            guard let zero = source.lastIndex(of: 0),
                let partition = Int32(String(decoding: source[(zero + 1)...], as: UTF8.self))
            else { return nil }
            self.init(topic: String(decoding: source[..<zero], as: UTF8.self), partition: partition, offset: offset)
        }

        init(topic: String, partition: Int32, offset: Int64) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
        }
    }

    var key: [UInt8]?
    var value: [UInt8]?
    var timestamp: Int64
    var reason: String
    var input: Input?
    /// The sink step that refused the row (sink dead letters only).
    var sink: String?
    /// Whether key and value are JSON text rather than the stream's serdes' bytes.
    var isJSON = false

    var headers: [(String, [UInt8])] {
        var headers: [(String, [UInt8])] = [("streamrun.error", Array(reason.utf8))]
        if let input {
            headers += [
                ("streamrun.topic", Array(input.topic.utf8)),
                ("streamrun.partition", Array(String(input.partition).utf8)),
                ("streamrun.offset", Array(String(input.offset).utf8)),
            ]
        }
        if let sink { headers.append(("streamrun.sink", Array(sink.utf8))) }
        if isJSON { headers.append(("streamrun.format", Array("json".utf8))) }
        return headers
    }

    func record(topic: String) -> OutgoingRecord {
        OutgoingRecord(topic: topic, partition: 0, key: key, value: value, timestamp: timestamp, headers: headers)
    }
}

extension TaskContext {
    /// Queues `letter` on the dead-letter `topic`; it becomes durable at the next commit's flush.
    func send(_ letter: DeadLetter, to topic: String) {
        producer.produce(letter.record(topic: topic), delivery: nil)
    }
}

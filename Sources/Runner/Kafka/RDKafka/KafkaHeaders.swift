internal import CRdKafka

/// An owned `rd_kafka_headers_t` for one outgoing record; destroyed in deinit unless a
/// successful produce took it.
final class KafkaHeaders {
    private(set) var pointer: OpaquePointer?

    init(_ headers: [(String, [UInt8])]) {
        let list = rd_kafka_headers_new(headers.count)
        for (name, value) in headers {
            var name = name
            name.withUTF8 { nameBytes in
                KafkaBytes.with(value) { bytes, count in
                    let namePointer = nameBytes.baseAddress.map {
                        UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)
                    }
                    _ = rd_kafka_header_add(list, namePointer, nameBytes.count, bytes, count)
                }
            }
        }
        pointer = list
    }

    deinit {
        if let pointer { rd_kafka_headers_destroy(pointer) }
    }

    /// Called once librdkafka owns the headers.
    func relinquish() {
        pointer = nil
    }
}

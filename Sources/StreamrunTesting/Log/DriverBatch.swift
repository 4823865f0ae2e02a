import StreamrunEngine

/// Consecutive records of one partition of the driver's log, as a poll returns them.
struct DriverBatch: RecordBatch {
    let topicPartition: TopicPartition
    let records: ArraySlice<LoggedRecord>
    let nextOffset: Int64

    var count: Int { records.count }

    func forEach(_ body: (ConsumedRecordView) throws -> Void) rethrows {
        for record in records { try Self.withView(of: record) { try body($0) } }
    }

    func forEach(header name: String, _ body: (ConsumedRecordView, UnsafeRawBufferPointer?) throws -> Void) rethrows {
        for record in records {
            let header = record.headers.last { $0.0 == name }?.1
            try Self.withView(of: record) { view in
                try Self.withBytes(header) { try body(view, $0) }
            }
        }
    }

    private static func withView(of record: LoggedRecord, _ body: (ConsumedRecordView) throws -> Void) rethrows {
        try withBytes(record.key) { key in
            try withBytes(record.value) { value in
                try body(ConsumedRecordView(offset: record.offset, timestamp: record.timestamp, key: key, value: value))
            }
        }
    }

    private static func withBytes(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) throws -> Void) rethrows {
        guard let bytes else { return try body(nil) }
        try bytes.withUnsafeBytes { try body($0) }
    }
}

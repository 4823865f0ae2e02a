internal import Foundation
public import TopologyDSL

/// The `jsonl` sink: appends each record as a JSON line `{"key":..,"value":..,"timestamp":..}` to the
/// file `path` (one file for all tasks), synced to disk at every commit.
public struct JSONLinesSinkPlugin: SinkPlugin {
    public var name: String { "jsonl" }
    public init() {}

    public func check(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws {
        guard parameters["path"]?.isEmpty == false else {
            throw SerdeError("the jsonl sink needs 'path' (the file to append to)")
        }
    }

    public func makeSink(parameters: [String: String], keyType: ValueType, valueType: ValueType, task: String) throws
        -> any RecordSink
    {
        try check(parameters: parameters, keyType: keyType, valueType: valueType)
        return try JSONLinesSink(path: parameters["path"] ?? "")
    }
}

/// Appends JSON lines to one file; owned by one task.
final class JSONLinesSink: RecordSink, Sendable {
    private let handle: FileHandle

    init(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw SerdeError("the jsonl sink cannot open \(path)")
        }
        self.handle = handle
    }

    func write(_ records: [SinkRecord]) throws {
        guard !records.isEmpty else { return }
        var out: [UInt8] = []
        for record in records {
            JSONWriter.write(
                .record(Fields([("key", record.key), ("value", record.value), ("timestamp", .int(record.timestamp))])),
                into: &out)
            out.append(0x0A)
        }
        try handle.seekToEnd()
        try handle.write(contentsOf: out)
        try handle.synchronize()
    }

    func close() { try? handle.close() }
}

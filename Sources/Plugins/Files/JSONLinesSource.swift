internal import Foundation
public import TopologyDSL

/// The `jsonl` source: tails the file `path`, appending each line `{"key":..,"value":..}` to the
/// topic; the byte position it has reached is kept in its state directory, so a restart resumes
/// there (a line is appended at least once).
public struct JSONLinesSourcePlugin: SourcePlugin {
    public var name: String { "jsonl" }
    public init() {}

    public func check(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws {
        guard parameters["path"]?.isEmpty == false else {
            throw SerdeError("the jsonl source needs 'path' (the file to read)")
        }
    }

    public func makeSource(
        parameters: [String: String], topic: String, keyType: ValueType, valueType: ValueType,
        stateDirectory: String
    ) throws -> any RecordSource {
        try check(parameters: parameters, keyType: keyType, valueType: valueType)
        return try JSONLinesSource(path: parameters["path"] ?? "", stateDirectory: stateDirectory)
    }
}

/// Reads new complete lines of a file; owned by one feeding thread.
// @unchecked Sendable: `position` and `pending` are used only by the SourceFeeder thread that polls it (poll,
// commit, close), which gets it after init.
final class JSONLinesSource: RecordSource, @unchecked Sendable {
    let path: String
    let positionFile: String
    private var position: UInt64
    private var pending: UInt64

    init(path: String, stateDirectory: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        positionFile = stateDirectory + "/position"
        let saved = (try? String(contentsOfFile: positionFile, encoding: .utf8)).flatMap { UInt64($0) }
        position = saved ?? 0
        pending = position
    }

    func poll(timeoutMs: Int) throws -> [SourceRecord] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            Thread.sleep(forTimeInterval: Double(timeoutMs) / 1000)
            return []
        }
        defer { try? handle.close() }
        try handle.seek(toOffset: pending)
        let data = try handle.readToEnd() ?? Data()
        guard let lastNewline = data.lastIndex(of: 0x0A) else {
            Thread.sleep(forTimeInterval: Double(timeoutMs) / 1000)
            return []
        }
        let complete = data[data.startIndex...lastNewline]
        var records: [SourceRecord] = []
        for line in complete.split(separator: 0x0A) where !line.isEmpty {
            let value: Value
            do { value = try JSONReader.parse(Array(line)) } catch {
                throw SerdeError("\(path): a line is not JSON: \(error)")
            }
            records.append(SourceRecord(key: value[field: "key"], value: value[field: "value"]))
        }
        pending += UInt64(complete.count)
        return records
    }

    func commit() throws {
        guard pending != position else { return }
        try String(pending).write(toFile: positionFile, atomically: true, encoding: .utf8)
        position = pending
    }

    func close() {}
}

import Foundation
import Plugins
import Runner
import Testing
import TopologyDSL

/// The built-in `jsonl` source and sink plugins, through the runner.
@Suite(.serialized) struct FilePluginTests {
    static func yaml(input: String, output: String) -> String {
        """
        application: files
        topics:
          readings: { partitions: 2, key: string, value: int64, source: { plugin: jsonl, with: { path: "\(input)" } } }
        tables:
          totals:
            from: readings
            reduce: "aggregate + value"
            to: { sink: jsonl, with: { path: "\(output)" } }
        """
    }

    /// The latest value per key written to the sink file.
    static func latest(_ path: String) -> [String: Int64] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var latest: [String: Int64] = [:]
        for line in text.split(separator: "\n") {
            guard let value = try? JSONReader.parse(Array(line.utf8)), let key = value[field: "key"].stringValue else {
                continue
            }
            latest[key] = value[field: "value"].intValue
        }
        return latest
    }

    @Test func aSourceFeedsATopicAndASinkReceivesTheTable() async throws {
        let directory = TemporaryDirectory.make()
        let input = directory + "/in.jsonl"
        let output = directory + "/out/totals.jsonl"
        try #"{"key":"a","value":1}\#n{"key":"b","value":5}\#n{"key":"a","value":2}\#n"#.write(
            toFile: input, atomically: true, encoding: .utf8)
        var topology = try await RunningTopology.start(
            yaml: Self.yaml(input: input, output: output), directory: directory + "/data")
        try await Eventually.wait("sink output") { Self.latest(output) == ["a": 3, "b": 5] }
        // A line written later is picked up; an incomplete last line waits for its newline.
        let handle = try #require(FileHandle(forWritingAtPath: input))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"key":"b","value":10}\#n{"key":"a","#.utf8))
        try await Eventually.wait("appended line") { Self.latest(output)["b"] == 15 }
        try await topology.stop()
        try handle.write(contentsOf: Data(#""value":100}\#n"#.utf8))
        try handle.close()
        // After a restart the source resumes where it was: nothing is read twice.
        topology = try await RunningTopology.start(
            yaml: Self.yaml(input: input, output: output), directory: directory + "/data")
        try await Eventually.wait("resumed") { Self.latest(output)["a"] == 103 }
        #expect(try await topology.runner.lookup(store: "totals", key: "b") == .int(15))
        try await topology.stop()
    }

    @Test func sinkAndSourcePluginsAreCheckedWhenLoading() {
        let yaml = Self.yaml(input: "", output: "x").replacingOccurrences(of: "sink: jsonl", with: "sink: nowhere")
        do {
            _ = try TopologyLoader(plugins: BuiltinPlugins.registry).load(yaml: yaml, file: "f.yaml")
            Issue.record("expected errors")
        } catch {
            #expect(error.description.contains("the jsonl source needs 'path'"), "\(error)")
            #expect(error.description.contains("unknown sink plugin 'nowhere'; known: jsonl"), "\(error)")
        }
    }
}

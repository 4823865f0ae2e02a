import Foundation
import Testing

/// `describe` of every shipped topology, text and JSON, is what `Tests/RunnerTests/CLI/Describe/`
/// holds: a change to node names, stores, internal topics or sub-topologies shows here first
/// (regenerate a file with `streamrun describe FILE [--format json]` only when the change is meant).
@Suite struct DescribeGoldenTests {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Describe")

    @Test(arguments: ["sellable", "sellable-service", "account-balances"])
    func describeOfTheShippedTopologyIsUnchanged(_ name: String) throws {
        for (format, suffix) in [(["--format", "json"], "json"), ([], "txt")] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
            process.arguments = ["describe", "topologies/\(name).yaml"] + format
            process.currentDirectoryURL = ServerProcess.packageRoot
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let described = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let expected = try String(
                contentsOf: Self.goldens.appendingPathComponent("\(name).\(suffix)"), encoding: .utf8)
            #expect(process.terminationStatus == 0)
            #expect(described == expected, "describe \(name) (\(suffix)) changed")
        }
    }
}

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
            let outcome = try SpawnedProcess.capture(
                ServerProcess.binary, ["describe", "topologies/\(name).yaml"] + format,
                directory: ServerProcess.packageRoot.path)
            let described = outcome.stdout
            let expected = try String(
                contentsOf: Self.goldens.appendingPathComponent("\(name).\(suffix)"), encoding: .utf8)
            #expect(outcome.status == 0)
            #expect(described == expected, "describe \(name) (\(suffix)) changed")
        }
    }
}

import Foundation
import Testing

/// `streamrun validate` and `describe`, as a user runs them.
@Suite struct CLITests {
    func run(_ arguments: [String]) throws -> SpawnedProcess.Outcome {
        try SpawnedProcess.capture(ServerProcess.binary, arguments, directory: ServerProcess.packageRoot.path)
    }

    @Test func validateAcceptsTheShippedTopologies() throws {
        let topologies = try FileManager.default.contentsOfDirectory(
            atPath: ServerProcess.packageRoot.appendingPathComponent("topologies").path)
        for file in topologies where file.hasSuffix(".yaml") && !file.hasSuffix(".test.yaml") {
            let outcome = try run(["validate", "topologies/\(file)"])
            #expect(outcome.status == 0, "\(file): \(outcome.stderr)")
        }
    }

    @Test func validateReportsEveryMistakeWithPositionsAndExitsOne() throws {
        let path = TemporaryDirectory.make() + "/broken.yaml"
        try """
        application: broken
        topics:
          a: { partitions: 3, key: string, value: Nope }
        tables:
          t: { from: missing, reduce: "aggregate +" }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try run(["validate", path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("\(path):3:"))
        #expect(outcome.stderr.contains("unknown type 'Nope'"))
        #expect(outcome.stderr.contains("\(path):5:"))
    }

    @Test func describeShowsTheSellableGraph() throws {
        let text = try run(["describe", "topologies/sellable.yaml"])
        #expect(text.status == 0)
        for name in [
            "adjustments-reduce", "reservations-reduce", "sellable-left-join", "sellable_inventory_store",
            "sellable-sink",
        ] {
            #expect(text.stdout.contains(name), "missing \(name)")
        }
        let json = try run(["describe", "topologies/sellable.yaml", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["application"] as? String == "sellableInventoryCalculator")
        #expect(
            try run(["describe", "topologies/sellable.yaml", "--format", "mermaid"]).stdout.hasPrefix("flowchart LR"))
    }
}

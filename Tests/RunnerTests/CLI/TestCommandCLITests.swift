import Foundation
import Testing

/// `streamrun test FILE...`: the YAML suites beside the topologies, as a user runs them.
@Suite struct TestCommandCLITests {
    let cli = CLITests()
    var topologies: URL { ServerProcess.packageRoot.appendingPathComponent("topologies") }

    @Test func everyShippedTopologyHasASuiteAndTheyAllPass() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: topologies.path)
        let topologyFiles = files.filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".test.yaml") }
        let suites = files.filter { $0.hasSuffix(".test.yaml") }.sorted()
        for file in topologyFiles {
            #expect(
                suites.contains(file.replacingOccurrences(of: ".yaml", with: ".test.yaml")), "\(file) has no .test.yaml"
            )
        }
        let outcome = try cli.run(["test"] + suites.map { "topologies/\($0)" })
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("\(suites.count) files"))
        #expect(outcome.stdout.contains(" 0 failed"))
        #expect(!outcome.stdout.contains("FAIL"))
    }

    @Test func aWrongExpectationFailsWithItsLineAndColumnAndADiff() throws {
        let original = try String(contentsOf: topologies.appendingPathComponent("sellable.test.yaml"), encoding: .utf8)
        var lines = original.components(separatedBy: "\n")
        let index = try #require(
            lines.firstIndex { $0.contains("topic: sellable_inventory") && $0.contains("value: 150 }") })
        lines[index] = lines[index].replacingOccurrences(of: "value: 150 }", with: "value: 151 }")
        let column = try #require(lines[index].firstIndex(of: "{")).utf16Offset(in: lines[index]) + 1
        let text = lines.joined(separator: "\n")
            .replacingOccurrences(
                of: "topology: sellable.yaml",
                with: "topology: \(topologies.appendingPathComponent("sellable.yaml").path)")
        let path = TemporaryDirectory.make() + "/wrong.test.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try cli.run(["test", path])
        #expect(outcome.status == 1)
        #expect(
            outcome.stdout.contains("\(path):\(index + 1):\(column): error: test 'adjustments are summed"),
            "\(outcome.stdout)")
        #expect(outcome.stdout.contains("--- expected\n    +++ actual"))
        #expect(
            outcome.stdout.contains(#"- { key: { location: STL, sku: "123123" }, value: 151 }"#), "\(outcome.stdout)")
        #expect(outcome.stdout.contains(#"+ { key: { location: STL, sku: "123123" }, value: 150 }"#))
        #expect(outcome.stdout.contains(#"  { key: { location: STL, sku: "123123" }, value: 140 }"#))
        #expect(outcome.stdout.contains("1 failed"))
    }

    @Test func problemsOfASuiteFileAreAllReportedWithTheirPositions() throws {
        let path = TemporaryDirectory.make() + "/broken.test.yaml"
        try """
        topology: \(topologies.appendingPathComponent("sellable.yaml").path)
        tests:
          - name: typos
            input:
              - { topic: inventory_adjustmnt, key: { location: STL, sku: "1" }, value: 1 }
              - { topic: inventory_adjustment, key: { location: STL, skuu: "1" }, value: 1 }
              - { topic: inventory_adjustment, key: { location: STL, sku: "1" }, value: 3000000000 }
            expect:
              stores: { nope: [] }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try cli.run(["test", path])
        #expect(outcome.status == 1)
        #expect(
            outcome.stdout.contains(
                "\(path):5:18: error: test 'typos': the topology has no topic 'inventory_adjustmnt'"),
            "\(outcome.stdout)")
        #expect(outcome.stdout.contains("\(path):6:62: error: test 'typos': LocationSku has no field 'skuu'"))
        #expect(outcome.stdout.contains("3000000000 is out of range for int32"))
        #expect(outcome.stdout.contains("\(path):9:17: error: test 'typos': the topology has no store 'nope'"))
    }

    @Test func aSuiteFileThatIsNotASuiteIsRefusedWithItsPosition() throws {
        let path = TemporaryDirectory.make() + "/odd.test.yaml"
        try "tests:\n  - name: x\n    input: [ jump ]\n    expect: {}\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let outcome = try cli.run(["test", path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("\(path):1:1: error: a test file needs 'topology:'"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("\(path):3:14: error: unknown step 'jump'"), "\(outcome.stderr)")
    }
}

import ArgumentParser
import Foundation
import Plugins
import StreamrunCommands
import StreamrunTesting

/// `streamrun test FILE...`: runs `.test.yaml` suites on the test driver; every failed expectation
/// is printed as `FILE:LINE:COL: error: ...` with an expected/actual diff; exit 1 if any fails.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run the YAML test suites of topologies (FILE.test.yaml) on the test driver.")

    @Argument(help: "The test suite files (e.g. topologies/*.test.yaml).") var files: [String]

    func run() throws {
        let runner = TestSuiteRunner(plugins: StreamrunPlugins.registry)
        var tests = 0
        var failed = 0
        var problems = 0
        for file in files {
            let result = runner.run(file: file)
            for problem in result.problems { FileHandle.standardError.write(Data((problem.description + "\n").utf8)) }
            problems += result.problems.count
            for test in result.tests {
                tests += 1
                print("\(test.passed ? "PASS" : "FAIL") \(file): \(test.name)")
                guard !test.passed else { continue }
                failed += 1
                for failure in test.failures { print(failure.description) }
            }
        }
        let files = "\(files.count) file\(files.count == 1 ? "" : "s")"
        let broken = problems > 0 ? ", \(problems) problem\(problems == 1 ? "" : "s") in the files" : ""
        print("\(files), \(tests) test\(tests == 1 ? "" : "s"): \(tests - failed) passed, \(failed) failed\(broken)")
        if failed > 0 || problems > 0 { throw ExitCode(1) }
    }
}

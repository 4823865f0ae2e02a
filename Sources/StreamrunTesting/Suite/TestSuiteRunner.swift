import Foundation
public import Plugins
public import TopologyDSL

/// Runs `.test.yaml` suites (see `TestSuite` for the format) on the `TopologyTestDriver`: each
/// test on a fresh driver over the suite's topology, its input steps in order (records are
/// processed and committed one by one), then its expectations compared with what the driver
/// holds. Every problem is reported with its `file:line:col`; a failed expectation with a diff.
public struct TestSuiteRunner: Sendable {
    public var plugins: PluginRegistry

    public init(plugins: PluginRegistry = BuiltinPlugins.registry) {
        self.plugins = plugins
    }

    /// Runs the suite in the file at `path`.
    public func run(file path: String) -> SuiteResult {
        var result = SuiteResult(file: path, problems: [], tests: [])
        func problem(_ message: String, _ location: SourceLocation) {
            result.problems.append(SuiteFailure(location: location, test: nil, message: message))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            problem("cannot read the test file", SourceLocation(file: path, line: 1, column: 1))
            return result
        }
        var parser = TestSuiteParser(file: path)
        let suite = parser.parse(String(decoding: data, as: UTF8.self))
        for diagnostic in parser.diagnostics {
            problem(diagnostic.message, diagnostic.location ?? SourceLocation(file: path, line: 1, column: 1))
        }
        guard let suite, result.problems.isEmpty else { return result }
        let topologyPath = Self.resolve(suite.topology.value, against: path)
        let graph: TopologyGraph
        do {
            graph = try TopologyLoader(plugins: plugins).load(file: topologyPath)
        } catch {
            problem(
                "the topology \(topologyPath) does not load (\(error.diagnostics.count) problems)",
                suite.topology.location)
            for diagnostic in error.diagnostics {
                problem(
                    diagnostic.message, diagnostic.location ?? SourceLocation(file: topologyPath, line: 1, column: 1))
            }
            return result
        }
        for test in suite.tests {
            var run = SuiteTestRun(test: test, graph: graph, plugins: plugins, file: path)
            result.tests.append(SuiteTestResult(name: test.name, location: test.location, failures: run.run()))
        }
        return result
    }

    /// `relative` (a path written in the suite file) against the directory of the suite file at `suite`.
    static func resolve(_ relative: String, against suite: String) -> String {
        guard !relative.hasPrefix("/") else { return relative }
        let directory = (suite as NSString).deletingLastPathComponent
        return directory.isEmpty ? relative : (directory as NSString).appendingPathComponent(relative)
    }
}

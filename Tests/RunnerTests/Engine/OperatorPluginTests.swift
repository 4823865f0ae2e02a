import Foundation
import Plugins
import Runner
import Testing
import TopologyDSL

/// A custom operator plugin registered by an app and named from YAML.
@Suite(.serialized) struct OperatorPluginTests {
    /// Multiplies int values by the `factor` parameter.
    struct Scale: OperatorPlugin {
        var name: String { "scale" }
        func makeTransform(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws
            -> RecordTransform
        {
            guard let factor = parameters["factor"].flatMap(Int64.init) else {
                throw EvaluationError("scale needs an integer 'factor'")
            }
            return .mapValues(to: .int64) { value in .int((value.intValue ?? 0) * factor) }
        }
    }

    static let yaml = """
        application: plugins
        topics:
          numbers: { partitions: 2, key: string, value: int32 }
          scaled: { partitions: 2, key: string, value: int64 }
        streams:
          s:
            from: numbers
            steps:
              - process: { plugin: scale, with: { factor: "3" } }
            to: scaled
        """

    static var registry: PluginRegistry {
        var registry = BuiltinPlugins.registry
        registry.register(operator: Scale())
        return registry
    }

    @Test func aPluginOperatorRunsThroughTheRunner() async throws {
        let topology = try await RunningTopology.start(yaml: Self.yaml, plugins: Self.registry)
        _ = try await topology.send("numbers", key: "a", value: 7)
        try await Eventually.wait("scaled output") { try topology.records("scaled").contains { $0.value == .int(21) } }
        #expect(try topology.records("scaled").map(\.key) == ["a"])
        try await topology.stop()
    }

    @Test func anUnknownPluginIsReportedWithTheKnownOnes() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "plugin: scale", with: "plugin: scael")
        do {
            _ = try TopologyLoader(plugins: Self.registry).load(yaml: yaml, file: "p.yaml")
            Issue.record("expected an error")
        } catch {
            let message = error.description
            #expect(message.contains("p.yaml:9:"), "\(message)")
            #expect(message.contains("unknown operator plugin 'scael'; known: scale"), "\(message)")
        }
    }

    @Test func aPluginRejectingItsParametersIsReportedAtTheStep() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "factor: \"3\"", with: "factor: lots")
        #expect(throws: TopologyErrors.self) {
            try TopologyLoader(plugins: Self.registry).load(yaml: yaml, file: "p.yaml")
        }
    }
}

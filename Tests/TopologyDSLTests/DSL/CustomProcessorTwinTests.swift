import Foundation
import Testing

@testable import TopologyDSL

/// A Processor API step, named from YAML (`process: { plugin }`) or written in the DSL
/// (`.process(stores:)`), declares its stores in the graph like a table's.
@Suite struct CustomProcessorTwinTests {
    final class Forwarding: RecordProcessor {
        var context: (any ProcessorContext)?
        func initialize(_ context: any ProcessorContext) throws { self.context = context }
        func process(_ record: ProcessorRecord) throws { try context?.forward(record) }
    }

    struct Remembering: ProcessorPlugin {
        var name: String { "remember" }
        func describe(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws
            -> ProcessorDescription
        {
            guard let store = parameters["store"] else { throw EvaluationError("remember needs a store") }
            return ProcessorDescription(stores: [ProcessorStore(name: store, keyType: keyType, valueType: .int64)]) {
                Forwarding()
            }
        }
    }

    static let yaml = """
        application: twins
        topics:
          events: { partitions: 2, key: string, value: string }
          out: { partitions: 2, key: string, value: string }
        streams:
          fresh:
            from: events
            steps:
              - process: { plugin: remember, with: { store: seen } }
            to: out
        http:
          queries:
            - get: /seen/{id}
              store: seen
              key: path.id
              reply: { id: key, at: value }
        """

    static func yamlGraph() throws -> TopologyGraph {
        var registry = TestPlugins.registry
        registry.register(processor: Remembering())
        return try TopologyLoader(plugins: registry).load(yaml: yaml, file: "test.yaml")
    }

    @Test func theYAMLStepAndTheDSLStepDescribeTheSameGraph() throws {
        let dsl = try Topology(application: "twins") {
            Topic<String, String>("events", partitions: 2).stream(named: "fresh")
                .process(stores: [ProcessorStore(name: "seen", keyType: .string, valueType: .int64)]) { Forwarding() }
                .to(Topic<String, String>("out", partitions: 2))
        }.build()
        let yaml = try Self.yamlGraph()
        #expect(TopologyDescription(dsl).json == TopologyDescription(yaml).json)
        let store = try #require(yaml.store("seen"))
        #expect(store.changelogTopic == "twins-seen-changelog" && store.valueType == .int64)
        #expect(yaml.topics.contains { $0.name == "twins-seen-changelog" && $0.compacted })
        #expect(yaml.node(named: "fresh-1-process")?.spec(CustomProcessorSpec.self)?.stores == ["seen"])
        #expect(yaml.http.queries.first?.store == "seen")
    }

    @Test func aProcessorPluginsRefusalIsReportedAtItsStep() {
        var registry = TestPlugins.registry
        registry.register(processor: Remembering())
        do {
            _ = try TopologyLoader(plugins: registry).load(
                yaml: Self.yaml.replacingOccurrences(of: ", with: { store: seen }", with: ""),
                file: "test.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.diagnostics.contains { $0.message.contains("remember needs a store") && $0.location?.line == 9 },
                "\(error.diagnostics)")
        }
    }
}

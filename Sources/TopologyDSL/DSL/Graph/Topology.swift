/// A topology declared in Swift: the application id and a body of topics, streams, tables, sinks
/// and HTTP endpoints. `build()` compiles it to the same `TopologyGraph` the YAML loader makes.
///
/// ```swift
/// let graph = try Topology(application: "wordCount") {
///     let lines = Topic<String, String>("lines", partitions: 3)
///     let counts = Topic<String, Int64>("counts", partitions: 3)
///     lines.stream()
///         .flatMap { _, line in line.split(separator: " ").map { (String($0), String($0)) } }
///         .groupByKey()
///         .count(named: "word-counts")
///         .to(counts)
/// }.build()
/// ```
public struct Topology: Sendable {
    public var application: String
    /// librdkafka properties used when running on Kafka (YAML's `kafka:` section).
    public var kafka: [String: String]
    public var components: [any TopologyComponent]
    let location: SourceLocation

    public init(
        application: String, kafka: [String: String] = [:],
        file: String = #fileID, line: Int = #line, column: Int = #column,
        @TopologyBuilder _ content: () -> [any TopologyComponent]
    ) {
        self.application = application
        self.kafka = kafka
        self.components = content()
        self.location = SourceLocation(file, line, column)
    }

    /// Compiles the topology; every problem is reported at once, at the Swift line that caused it.
    public func build() throws(TopologyErrors) -> TopologyGraph {
        let context = TopologyContext(application: application)
        for component in components { component.contribute(to: context) }
        return try context.build(kafka: kafka, fallback: location)
    }
}

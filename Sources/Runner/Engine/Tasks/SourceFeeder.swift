import Foundation
import Logging
import TopologyDSL

/// Runs the topology's source plugins: each on its own thread polls its external system, appends
/// the records to its topic (partitioned by murmur2 of the key), waits until they are durable, then
/// lets the source remember its position, so every record reaches the topic at least once.
final class SourceFeeder: Sendable {
    let graph: TopologyGraph
    let plugins: PluginRegistry
    let serdes: SerdeCache
    let producer: any LogProducer
    let directory: String
    let logger: Logger
    private let stopping = StopSignal()

    init(
        graph: TopologyGraph, plugins: PluginRegistry, serdes: SerdeCache, producer: any LogProducer, directory: String,
        logger: Logger
    ) {
        self.graph = graph
        self.plugins = plugins
        self.serdes = serdes
        self.producer = producer
        self.directory = directory
        self.logger = logger
    }

    /// Starts one thread per source plugin.
    func start() throws {
        for (topic, reference) in graph.topicSources.sorted(by: { $0.key < $1.key }) {
            guard let plugin = plugins.sources[reference.name], let declaration = graph.topic(topic) else { continue }
            let source = try plugin.makeSource(
                parameters: reference.parameters, topic: topic, keyType: declaration.keyType,
                valueType: declaration.valueType,
                stateDirectory: "\(directory)/sources/\(graph.application)/\(topic)")
            stopping.entered()
            let thread = Thread { [self] in
                defer {
                    source.close()
                    stopping.left()
                }
                while !stopping.isStopped {
                    do {
                        let records = try source.poll(timeoutMs: 200)
                        guard !records.isEmpty else { continue }
                        let now = Int64(Date().timeIntervalSince1970 * 1000)
                        for record in records {
                            producer.produce(
                                try serdes.record(
                                    for: declaration, key: record.key, value: record.value,
                                    timestamp: now), delivery: nil)
                        }
                        try producer.flush()
                        try source.commit()
                    } catch {
                        logger.error("source \(reference.name) for \(topic): \(error)")
                        _ = stopping.pause(milliseconds: 1_000)
                    }
                }
            }
            thread.name = "streamrun-source-\(topic)"
            thread.start()
        }
    }

    /// Asks the sources to stop and waits (briefly) until they have.
    func stop() {
        stopping.stop(waitingMs: 1_000)
    }
}

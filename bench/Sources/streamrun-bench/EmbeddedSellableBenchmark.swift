import Foundation
import Logging
import Plugins
import Runner
import ServiceLifecycle
import TopologyDSL

/// Measures the sellable topology on the embedded log: N adjustments and N/2 reservations over K keys
/// are written to the log first, then the runner processes them; prints events/s and peak RSS.
/// Arguments: TOTAL KEYS COMMIT_INTERVAL_MS TOPOLOGY.
@main
struct EmbeddedSellableBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments
        let total = arguments.count > 1 ? Int(arguments[1]) ?? 300_000 : 300_000
        let keys = arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000
        let commitIntervalMs = arguments.count > 3 ? Int(arguments[3]) ?? 100 : 100
        let topologyPath = arguments.count > 4 ? arguments[4] : "topologies/sellable.yaml"
        let directory = NSTemporaryDirectory() + "streamrun-bench-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let graph = try TopologyLoader(plugins: BuiltinPlugins.registry).load(file: topologyPath)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let log = try EmbeddedLog(directory: "\(directory)/log")
        let runner = try StreamRunner(
            graph: graph, transport: log,
            configuration: RunnerConfiguration(dataDirectory: directory, commitIntervalMs: commitIntervalMs),
            plugins: BuiltinPlugins.registry, logger: logger)
        let adjustments = total * 2 / 3
        let reservations = total - adjustments
        let start = Date()
        try load(runner: runner, adjustments: adjustments, reservations: reservations, keys: keys)
        let loaded = Date()
        print("loaded \(total) records in \(String(format: "%.2f", loaded.timeIntervalSince(start))) s")

        let group = ServiceGroup(services: [runner], logger: logger)
        let task = Task { try await group.run() }
        let begin = Date()
        while runner.metrics.recordsProcessed.current < total {
            try await Task.sleep(for: .milliseconds(5))
            if Date().timeIntervalSince(begin) > 300 { break }
        }
        let seconds = Date().timeIntervalSince(begin)
        let processed = runner.metrics.recordsProcessed.current
        await group.triggerGracefulShutdown()
        try await task.value
        print(
            "processed \(processed) events in \(String(format: "%.3f", seconds)) s: "
                + "\(Int(Double(processed) / seconds)) events/s; peak RSS \(peakRSSMegabytes()) MB")
    }

    static func load(runner: StreamRunner, adjustments: Int, reservations: Int, keys: Int) throws {
        guard let adjustment = runner.serdes(of: "inventory_adjustment") else { return }
        var keyBytes: [[UInt8]] = []
        for i in 0..<keys {
            let key: Value = .record(Fields([("location", .string("L\(i % 7)")), ("sku", .string("S\(i)"))]))
            keyBytes.append(try adjustment.key.serialize(key))
        }
        let ten = try adjustment.value.serialize(.int(10))
        let three = try adjustment.value.serialize(.int(3))
        for i in 0..<max(adjustments, reservations) {
            let key = keyBytes[i % keys]
            let partition = Murmur2Partitioner.partition(of: key, partitions: 3)
            if i < adjustments {
                runner.producer.produce(
                    OutgoingRecord(
                        topic: "inventory_adjustment", partition: partition, key: key,
                        value: ten, timestamp: 0), delivery: nil)
            }
            if i < reservations {
                runner.producer.produce(
                    OutgoingRecord(
                        topic: "inventory_reservation", partition: partition, key: key,
                        value: three, timestamp: 0), delivery: nil)
            }
        }
        try runner.producer.flush()
    }

    static func peakRSSMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
        }
        return -1
    }
}

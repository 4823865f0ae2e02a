import Foundation
import Logging
import Plugins
import ServiceLifecycle
import StreamrunEngine
import StreamrunLog
import TopologyDSL

/// An app that embeds only the DSL and the engine on the embedded log: no HTTP server, no Kafka,
/// no PostgreSQL, so it links neither librdkafka, Hummingbird nor PostgresNIO. It sums sales per
/// shop, appends the sales given as arguments (`shop=amount`), waits until the store holds their
/// totals (added to what a reused data directory already held), prints them (`shop total`, sorted
/// by shop), and stops.
///
///     embedded-engine-app --data-dir DIR shop-1=10 shop-2=5 shop-1=20
@main
enum EmbeddedEngineApp {
    static func main() async {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "embedded-engine-app")
        logger.logLevel = .warning
        do {
            try await run(arguments: Array(CommandLine.arguments.dropFirst()), logger: logger)
        } catch {
            FileHandle.standardError.write(Data("embedded-engine-app: \(error)\n".utf8))
            exit(1)
        }
    }

    static func topology() throws -> TopologyGraph {
        try Topology(application: "shop-totals") {
            let sales = Topic<String, Int64>("sales", partitions: 2)
            sales
            sales.stream().groupByKey().reduce(named: "totals") { total, amount in total &+ amount }
        }.build()
    }

    static func run(arguments: [String], logger: Logger) async throws {
        var arguments = arguments
        var directory = NSTemporaryDirectory() + "embedded-engine-\(getpid())"
        if let flag = arguments.firstIndex(of: "--data-dir"), flag + 1 < arguments.count {
            directory = arguments[flag + 1]
            arguments.removeSubrange(flag...flag + 1)
        }
        let sales = try arguments.map { argument -> (shop: String, amount: Int64) in
            let parts = argument.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let amount = Int64(parts[1]) else {
                throw EvaluationError("a sale reads shop=amount, got '\(argument)'")
            }
            return (String(parts[0]), amount)
        }
        var expected: [String: Int64] = [:]
        for sale in sales { expected[sale.shop, default: 0] &+= sale.amount }

        // Opening the log and making the runner block (a scan of the log, topics, store types):
        // on a thread of their own, not on Swift concurrency's.
        let graph = try topology()
        let runner = try await DedicatedThread.run { [logger, directory] in
            try StreamRunner(
                graph: graph, transport: try EmbeddedLog.opening(dataDirectory: directory),
                configuration: RunnerConfiguration(dataDirectory: directory, commitIntervalMs: 100),
                plugins: BuiltinPlugins.registry, logger: logger)
        }
        let group = ServiceGroup(services: [runner], logger: logger)
        let running = Task { try await group.run() }
        // A data directory that already holds sales is restored first: the totals add to it.
        try await waitUntil { runner.isReady }
        func totals() -> [String: Int64] {
            var totals: [String: Int64] = [:]
            for shop in expected.keys {
                if case .int(let total)? = try? runner.lookup(store: "totals", key: .string(shop)) {
                    totals[shop] = total
                }
            }
            return totals
        }
        let before = totals()
        for (shop, amount) in expected { expected[shop] = (before[shop] ?? 0) &+ amount }
        for sale in sales {
            _ = try await runner.append(topic: "sales", key: .string(sale.shop), value: .int(sale.amount))
        }
        try await waitUntil { totals() == expected }
        let totals = totals()
        for shop in totals.keys.sorted() { print("\(shop) \(totals[shop]!)") }
        await group.triggerGracefulShutdown()
        try await running.value
    }

    /// Waits up to 10 s for `condition`.
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw EvaluationError("timed out after 10 s") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

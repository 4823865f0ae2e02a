import Foundation
import Testing

/// kill -9 at random moments while clients post commands: every key ends at the sum of the
/// acknowledged commands, on the embedded log and on Kafka, with and without a repartition hop.
/// CI runs a few kills per case; `scripts/torture.sh` runs 20 or more.
@Suite(.serialized) struct KillTortureTests {
    static let sellable = KillTorture.Workload(
        keys: (0..<8).map { "k\($0)" },
        command: { key, amount, _ in
            ("/inventory/adjustment", #"{"locationId":"TORTURE","sku":"\#(key)","count":\#(amount)}"#)
        },
        query: { "/inventory/locations/TORTURE/skus/\($0)" },
        value: { $0["count"] as? Int })

    /// Payments with unique ids summed per account through `group-by` (a repartition topic).
    static let balances = KillTorture.Workload(
        keys: (0..<8).map { "acct\($0)" },
        command: { key, amount, serial in
            ("/payments", #"{"id":"p\#(serial)-\#(UUID().uuidString)","account":"\#(key)","amount":\#(amount)}"#)
        },
        query: { "/accounts/\($0)" },
        value: { $0["balance"] as? Int })

    static func embedded(_ topology: String) -> @Sendable (String, Int) async throws -> ServerProcess {
        { directory, port in
            try await ServerProcess.start(
                topology: topology, dataDirectory: directory, port: port,
                arguments: ["--commit-interval-ms", "100"])
        }
    }

    static func check(_ outcome: KillTorture.Outcome) {
        #expect(outcome.commands > 0, "no command was acknowledged")
        #expect(outcome.lost.isEmpty, "lost: \(outcome.lost)\n\(outcome)")
        #expect(outcome.doubled.isEmpty, "counted twice: \(outcome.doubled)\n\(outcome)")
    }

    @Test func sellableOnTheEmbeddedLogNeitherLosesNorDoublesAcknowledgedCommands() async throws {
        Self.check(
            try await KillTorture(workload: Self.sellable, start: Self.embedded("topologies/sellable.yaml")).run())
    }

    @Test func aGroupBySumOnTheEmbeddedLogNeitherLosesNorDoublesAcknowledgedCommands() async throws {
        Self.check(
            try await KillTorture(workload: Self.balances, start: Self.embedded("topologies/account-balances.yaml"))
                .run())
    }
}

/// The same torture on a real Kafka-protocol broker (Tansu), one instance restarted in its group.
@Suite(.serialized, .enabled(if: TansuBroker.isAvailable, TansuBroker.unavailableMessage))
struct KafkaKillTortureTests {
    static func kafka(_ topology: String, _ broker: TansuBroker)
        -> @Sendable (String, Int) async throws -> ServerProcess
    {
        { directory, port in
            try await ServerProcess.start(
                topology: topology, dataDirectory: directory, port: port,
                arguments: [
                    "--bootstrap-servers", broker.bootstrapServers, "--instance-id", "torture",
                    "--advertised-url", "http://127.0.0.1:\(port)", "--kafka", "session.timeout.ms=6000",
                    "--commit-interval-ms", "100",
                ],
                readyWithin: 60)
        }
    }

    @Test func sellableOnKafkaNeitherLosesNorDoublesAcknowledgedCommands() async throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        KillTortureTests.check(
            try await KillTorture(
                workload: KillTortureTests.sellable,
                start: Self.kafka("topologies/sellable.yaml", broker)
            ).run())
    }

    @Test func aGroupBySumOnKafkaNeitherLosesNorDoublesAcknowledgedCommands() async throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        KillTortureTests.check(
            try await KillTorture(
                workload: KillTortureTests.balances,
                start: Self.kafka("topologies/account-balances.yaml", broker)
            ).run())
    }
}

import Foundation
import Testing

/// `/metrics` as Prometheus scrapes it: the real binary's exposition, read by Prometheus' own
/// Python client parser (`prometheus_client.parser`), not by string matching.
@Suite struct MetricsExpositionTests {
    /// The parser's view of an exposition: per family its name, type, help and samples.
    static let parse = #"""
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        families = []
        for family in text_string_to_metric_families(open(sys.argv[1]).read()):
            families.append({"name": family.name, "type": family.type, "help": family.documentation,
                             "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples]})
        print(json.dumps(families))
        """#

    struct Family {
        let type: String, help: String
        let samples: [(name: String, labels: [String: String], value: Double)]
        func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
            samples.first { sample in
                sample.name == name && labels.allSatisfy { label in sample.labels[label.key] == label.value }
            }?.value
        }
    }

    func scrape(_ server: ServerProcess) async throws -> [String: Family] {
        let directory = TemporaryDirectory.make()
        try Data(try await server.get("/metrics").body.utf8).write(to: URL(fileURLWithPath: directory + "/metrics.txt"))
        // The setup script's venv has prometheus_client.
        let (status, output) = try SpawnedProcess.run(
            ExternalProducer.python,
            ["-W", "ignore", "-c", Self.parse, directory + "/metrics.txt"])
        try #require(status == 0, "the parser refused the exposition: \(output)")
        let families = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        var byName: [String: Family] = [:]
        for family in families {
            let samples = (family["samples"] as? [[String: Any]] ?? []).map {
                (
                    $0["name"] as? String ?? "", $0["labels"] as? [String: String] ?? [:],
                    ($0["value"] as? NSNumber)?.doubleValue ?? .nan
                )
            }
            byName[family["name"] as? String ?? ""] = Family(
                type: family["type"] as? String ?? "", help: family["help"] as? String ?? "",
                samples: samples)
        }
        return byName
    }

    @Test func prometheusParsesEveryMetricWithItsHelpTypeAndLatencyBuckets() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        #expect(
            try await server.post("/inventory/adjustment", #"{"locationId":"M","sku":"1","count":5}"#).status == 200)
        #expect(try await server.post("/inventory/adjustment", #"{"locationId":"M","count":5}"#).status == 400)
        try await Eventually.wait("the adjustment is processed") {
            try await server.get("/inventory/locations/M/skus/1").body == #"{"locationId":"M","sku":"1","count":5}"#
        }
        // The value is queryable before its commit: scrape once a commit has been timed too.
        var families: [String: Family] = [:]
        try await Eventually.wait("a commit") {
            families = try await scrape(server)
            return
                (families["streamrun_commit_duration_seconds"]?.value("streamrun_commit_duration_seconds_count") ?? 0)
                >= 1
        }
        #expect(!families.isEmpty)
        for (name, family) in families {
            #expect(!family.help.isEmpty, "\(name) has no HELP")
            #expect(family.type != "unknown", "\(name) has no TYPE")
        }
        #expect(families["streamrun_records_processed"]?.type == "counter")
        #expect(families["streamrun_records_processed"]?.value("streamrun_records_processed_total") == 1)
        #expect(families["streamrun_commands"]?.value("streamrun_commands_total", ["outcome": "accepted"]) == 1)
        #expect(families["streamrun_commands"]?.value("streamrun_commands_total", ["outcome": "rejected"]) == 1)
        for histogram in [
            "streamrun_command_duration_seconds", "streamrun_query_duration_seconds",
            "streamrun_commit_duration_seconds",
        ] {
            let family = try #require(families[histogram], "\(histogram) is missing")
            #expect(family.type == "histogram")
            let buckets = family.samples.filter { $0.name == histogram + "_bucket" }
            #expect(
                buckets.count > 5 && buckets.contains { $0.labels["le"] == "+Inf" },
                "\(histogram): \(buckets.count) buckets")
            #expect((family.value(histogram + "_count") ?? 0) >= 1, "\(histogram) recorded nothing")
        }
        #expect(families["streamrun_command_duration_seconds"]?.value("streamrun_command_duration_seconds_count") == 2)
        // State gauges, set at scrape time: a series per store and task, per input partition, readiness.
        let keys = try #require(families["streamrun_store_keys"])
        #expect(
            keys.type == "gauge"
                && keys.samples.contains {
                    $0.labels["store"] == "sellable_inventory_store" && $0.labels["task"] != nil
                })
        let lag = try #require(families["streamrun_input_lag_records"])
        #expect(
            lag.samples.contains {
                $0.labels["topic"] == "inventory_adjustment" && $0.labels["partition"] != nil && $0.value == 0
            })
        #expect(families["streamrun_ready"]?.value("streamrun_ready") == 1)
    }
}

import Foundation
import Runner
import Testing
import TopologyDSL

/// Stateless and stateful stream operators run through the real runner, embedded log and RocksDB.
@Suite(.serialized) struct StreamOperatorTests {
    static let yaml = """
    application: ops
    types:
      Order: { fields: { user: string, amount: int64, country: string } }
    topics:
      orders: { partitions: 2, key: string, value: Order }
      refunds: { partitions: 2, key: string, value: Order }
      users: { partitions: 2, key: string, value: string }
      large_orders: { partitions: 2, key: string, value: Order }
      enriched: { partitions: 2, key: string, value: json }
      amounts: { partitions: 2, key: string, value: int64 }
      by_country: { partitions: 2, key: string, value: int64 }
      spend_out: { partitions: 2, key: string, value: int64 }
    streams:
      all:
        from: [orders, refunds]
        steps:
          - filter: "value.amount > 0"
      enrich:
        from: all
        steps:
          - left-join: { table: names, value: "{user: left.user, name: right ?? 'unknown'}" }
        to: enriched
      split:
        from: all
        steps:
          - branch: { large: "value.amount >= 100", small: default }
      large_out:
        from: large
        to: large_orders
      doubled:
        from: small
        steps:
          - flat-map-values: "[value.amount, value.amount * 2]"
            type: int64
        to: amounts
      countries:
        from: all
        steps:
          - select-key: value.country
          - map-values: value.amount
    tables:
      names: { from: users }
      spend:
        from: all
        group-by: value.user
        key-type: string
        aggregate: { initial: "0", apply: "aggregate + value.amount", type: int64 }
        to: spend_out
      country_totals: { from: countries, reduce: "aggregate + value", to: by_country }
      order_count: { from: orders, count: true }
    """

    static func order(_ user: String, _ amount: Int64, _ country: String) -> Value {
        .record(Fields([("user", .string(user)), ("amount", .int(amount)), ("country", .string(country))]))
    }

    @Test func runsEveryOperator() async throws {
        let t = try await RunningTopology.start(yaml: Self.yaml)
        _ = try await t.send("users", key: "o1", value: "Ann")
        #expect(try await t.value("names", "o1") { $0 == .string("Ann") } == .string("Ann"))  // in the table before the orders join it
        _ = try await t.send("orders", key: "o1", value: Self.order("ann", 150, "NL"))
        _ = try await t.send("orders", key: "o2", value: Self.order("bob", 20, "NL"))
        _ = try await t.send("orders", key: "o3", value: Self.order("ann", 0, "US"))
        _ = try await t.send("refunds", key: "o4", value: Self.order("ann", 5, "US"))

        // group-by repartitions by user, then aggregates across both merged topics; the filter drops amount 0.
        #expect(try await t.value("spend", "ann") { $0 == .int(155) } == .int(155))
        #expect(try await t.value("spend", "bob") { $0 == .int(20) } == .int(20))
        // select-key + reduce repartitions by country (the key changed before grouping).
        #expect(try await t.value("country_totals", "NL") { $0 == .int(170) } == .int(170))
        #expect(try await t.value("country_totals", "US") { $0 == .int(5) } == .int(5))
        // count counts every record of the topic, including the filtered-out one.
        #expect(try await t.value("order_count", "o3") { $0 == .int(1) } == .int(1))
        try await t.stop()

        // branch: first match wins; default takes the rest.
        #expect(try t.records("large_orders").map(\.key) == ["o1"])
        // flat-map-values: two records per small order.
        let amounts = try t.records("amounts").map { $0.value }
        #expect(amounts.sorted { ($0?.intValue ?? 0) < ($1?.intValue ?? 0) } == [.int(5), .int(10), .int(20), .int(40)])
        // stream-table left join: the table value when present, the default otherwise.
        let enriched = try t.records("enriched")
        #expect(enriched.first { $0.key == "o1" }?.value?[field: "name"] == "Ann")
        #expect(enriched.first { $0.key == "o2" }?.value?[field: "name"] == "unknown")
        // table sinks carry the latest value per key.
        #expect(try t.records("spend_out").last { $0.key == "ann" }?.value == .int(155))
        #expect(try t.records("by_country").last { $0.key == "NL" }?.value == .int(170))
    }

    @Test func aRecordThatCannotBeReadIsSkippedAndProcessingContinues() async throws {
        let t = try await RunningTopology.start(yaml: Self.yaml)
        let partition = Murmur2Partitioner.partition(of: Array("bad".utf8), partitions: 2)
        _ = try await t.runner.producer.send(OutgoingRecord(topic: "orders", partition: partition, key: Array("bad".utf8),
                                                            value: Array("{not json".utf8), timestamp: 0))
        _ = try await t.send("orders", key: "bad", value: Self.order("cy", 7, "DE"))
        #expect(try await t.value("spend", "cy") { $0 == .int(7) } == .int(7))
        #expect(t.runner.metrics.recordsSkipped.current == 1)
        try await t.stop()
        // The unreadable record went to the dead-letter topic as it was, with the reason in headers.
        let letters = try t.deadLetters()
        #expect(letters.count == 1)
        #expect(letters.first?.value == "{not json")
        #expect(letters.first?.headers["streamrun.topic"] == "orders")
        #expect(letters.first?.headers["streamrun.error"]?.contains("invalid JSON") == true)
    }
}

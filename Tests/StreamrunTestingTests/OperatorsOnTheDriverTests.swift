import StreamrunTesting
import Testing
import TopologyDSL

/// Stateless and stateful stream operators on the driver (the engine's own processors and
/// stores), with every output in its order. The real runtime runs them in the sellable, to-table,
/// record-time and torture suites.
@Suite struct OperatorsOnTheDriverTests {
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

    @Test func everyOperatorEmitsWhatKafkaStreamsWould() throws {
        let driver = try TopologyTestDriver(yaml: Self.yaml)
        try driver.pipe(topic: "users", key: "o1", value: "Ann")
        try driver.pipe(topic: "orders", key: "o1", value: Self.order("ann", 150, "NL"))
        try driver.pipe(topic: "orders", key: "o2", value: Self.order("bob", 20, "NL"))
        try driver.pipe(topic: "orders", key: "o3", value: Self.order("ann", 0, "US"))
        try driver.pipe(topic: "refunds", key: "o4", value: Self.order("ann", 5, "US"))

        // group-by repartitions by user and aggregates both merged topics; the filter drops amount 0.
        #expect(try driver.lookup(store: "spend", key: "ann") == .int(155))
        #expect(try driver.lookup(store: "spend", key: "bob") == .int(20))
        #expect(try driver.readOutput("spend_out").map(\.value) == [150, 20, 155])
        // select-key + reduce repartitions by country (the key changed before grouping).
        #expect(
            try driver.store("country_totals").sorted { $0.key.stringValue ?? "" < $1.key.stringValue ?? "" }
                == [StoreEntry(key: "NL", value: 170), StoreEntry(key: "US", value: 5)])
        #expect(try driver.readOutput("by_country").map(\.value) == [150, 170, 5])
        // count counts every record of its topic, the filtered-out one included.
        #expect(try driver.lookup(store: "order_count", key: "o3") == .int(1))
        // branch: the first match wins; default takes the rest.
        #expect(try driver.readOutput("large_orders").map(\.key) == ["o1"])
        // flat-map-values: two records per small order, in order.
        #expect(try driver.readOutput("amounts").map(\.value) == [20, 40, 5, 10])
        // stream-table left join: the table's value when there is one, the default otherwise.
        let enriched = try driver.readOutput("enriched")
        #expect(enriched.map(\.key) == ["o1", "o2", "o4"])
        #expect(enriched.map { $0.value[field: "name"] } == ["Ann", "unknown", "unknown"])
    }

    @Test func aRecordThatCannotBeReadIsADeadLetterAsItWasAndProcessingGoesOn() throws {
        let driver = try TopologyTestDriver(yaml: Self.yaml)
        try driver.pipe(topic: "orders", keyBytes: Array("bad".utf8), valueBytes: Array("{not json".utf8))
        try driver.pipe(topic: "orders", key: "bad", value: Self.order("cy", 7, "DE"))
        #expect(try driver.lookup(store: "spend", key: "cy") == .int(7))
        let letters = try driver.deadLetters()
        #expect(letters.count == 1)
        #expect(letters.first?.valueBytes == Array("{not json".utf8))
        #expect(letters.first?.topic == "orders")
        #expect(letters.first?.reason.contains("invalid JSON") == true)
        #expect(letters.first?.key == "bad")  // the key is readable: only the value is not
    }
}

import Testing
import TopologyDSL

/// `validate` checks every expression against where its result goes, at the expression's line and
/// column; what only the run time knows (`any`, `json`) is left to it.
@Suite struct TypeCheckTests {
    /// The diagnostics of `yaml`, as `line:column: message`.
    static func errors(_ yaml: String) -> [String] {
        TestPlugins.errors(yaml).map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0): \($0.message)" }
    }

    @Test func everyMismatchIsReportedTogetherAtItsExpression() {
        let errors = Self.errors(
            """
            application: t1
            topics:
              a: { partitions: 1, key: string, value: int32 }
              b: { partitions: 1, key: string, value: string }
              out: { partitions: 1, key: string, value: string }
            streams:
              s:
                from: a
                steps:
                  - filter: "value + 1"
                to: out
            tables:
              t: { from: a, reduce: "aggregate + value * 1.5" }
              u: { from: b, reduce: "value" }
            http:
              commands:
                - post: /x
                  topic: a
                  key: body.n + 1
                  value: int(body.count)
              queries:
                - get: /q/{k}
                  store: t
                  key: int(path.k)
                  reply: "{value}"
            """)
        #expect(errors.count == 5, "\(errors)")
        #expect(
            errors.contains("10:18: the condition of filter 's-1-filter' must be a bool, but 'value + 1' gives int32"))
        #expect(errors.contains { $0.hasPrefix("11:9: 's' has key string and value int32") })
        #expect(
            errors.contains(
                "13:26: the reduce of table 't' gives double, but a reduce keeps the type of its values, "
                    + "int32; convert it with int(...) (a value past int32 then goes to the dead-letter topic), "
                    + "or aggregate into another type with aggregate: { initial, apply, type }"))
        #expect(
            errors.contains(
                "19:12: the key of POST /x gives a number, but topic 'a' takes key string; "
                    + "convert it with string(...)"))
        #expect(
            errors.contains(
                "24:12: the key of GET /q/{k} gives int32, but store 't' has key string; "
                    + "convert it with string(...)"))
    }

    @Test func aBranchConditionMustBeABool() {
        let errors = Self.errors(
            """
            application: app
            topics:
              a: { partitions: 1, key: string, value: string }
            streams:
              s:
                from: a
                steps:
                  - branch: { long: "len(value)", other: default }
            """)
        #expect(errors == ["8:26: the condition of branch 'long' must be a bool, but 'len(value)' gives int32"])
    }

    @Test func aConditionOnADynamicValueIsLeftToRunTimeUnlessItCanOnlyBeANumber() {
        let yaml = """
            application: app
            topics:
              a: { partitions: 1, key: string, value: json }
            streams:
              s:
                from: a
                steps:
                  - filter: value.active
                  - filter: "value.count > 2 && value.kind != 'x'"
                  - filter: "-value.count"
            """
        #expect(
            Self.errors(yaml) == [
                "10:18: the condition of filter 's-3-filter' must be a bool, "
                    + "but '-value.count' gives a number"
            ])
    }

    @Test func anAggregateMustFitItsDeclaredTypeInitialAndApply() {
        let errors = Self.errors(
            """
            application: app
            topics:
              a: { partitions: 1, key: string, value: int32 }
            tables:
              t: { from: a, aggregate: { initial: "0.5", apply: "aggregate + value", type: int64 } }
              u: { from: a, aggregate: { initial: "0", apply: "aggregate + value * 1.5", type: int32 } }
            """)
        #expect(errors.count == 2, "\(errors)")
        #expect(
            errors.contains(
                "5:40: the initial of table 't' gives double, but its declared type is int64; "
                    + "convert it with long(...)"))
        #expect(
            errors.contains { $0.hasPrefix("6:52: the apply of table 'u' gives double, but its aggregate is int32") })
    }

    @Test func integersWidenIntoInt64AndDoubleButNothingNarrows() {
        let widening = """
            application: app
            topics:
              a: { partitions: 1, key: string, value: int32 }
              longs: { partitions: 1, key: string, value: int64 }
              doubles: { partitions: 1, key: string, value: double }
            tables:
              total: { from: a, aggregate: { initial: "0", apply: "aggregate + value", type: int64 }, to: longs }
              mean: { from: a, aggregate: { initial: "0", apply: "aggregate + value / 2", type: double }, to: doubles }
            streams:
              s: { from: a, to: doubles }
            """
        #expect(Self.errors(widening) == [])
        let narrowing = """
            application: app
            topics:
              longs: { partitions: 1, key: string, value: int64 }
              ints: { partitions: 1, key: string, value: int32 }
            tables:
              counts: { from: longs, count: true, to: ints }
            streams:
              s:
                from: ints
                steps:
                  - map-values: "value * 2.0"
                    type: int32
            """
        let errors = Self.errors(narrowing)
        #expect(errors.count == 2, "\(errors)")
        #expect(
            errors.contains { $0.hasPrefix("6:43: 'counts' has key string and value int64, but topic 'ints' takes") })
        #expect(
            errors.contains {
                $0.hasPrefix("11:22: the map-values 's-1-map-values' gives double, but its declared type is int32")
            })
    }

    @Test func aJoinWritingAnIntegerIntoAStringFieldIsAnError() {
        let errors = Self.errors(
            """
            application: app
            types:
              Customer: { fields: { name: string, tier: string } }
            topics:
              names: { partitions: 1, key: string, value: string }
              points: { partitions: 1, key: string, value: int32 }
              customers: { partitions: 1, key: string, value: Customer }
            tables:
              n: { from: names }
              p: { from: points }
              c:
                join: { left: n, right: p, value: "{name: left, tier: right > 100 ? 4 : 1}" }
                to: customers
            """)
        #expect(errors.count == 1, "\(errors)")
        #expect(
            errors.first?.hasPrefix(
                "13:9: 'c' has key string and value {name: string, tier: int32}, but topic "
                    + "'customers' takes key string and value Customer") == true, "\(errors)")
    }

    @Test func recordKeyFieldsOfCommandsAreCheckedFieldByField() {
        let errors = Self.errors(
            """
            application: app
            types:
              Pair: { fields: { location: string, sku: string } }
            topics:
              a: { partitions: 1, key: Pair, value: double }
            http:
              commands:
                - post: /a
                  topic: a
                  key: { location: body.location, sku: "len(body.sku)" }
                  value: int(body.count)
            """)
        #expect(
            errors == [
                "10:45: field 'sku' of the key of POST /a gives int32, but field 'sku' of Pair is string; "
                    + "convert it with string(...)"
            ])
    }

    @Test func aStreamJoinsATableOfTheSameKeyType() {
        let errors = Self.errors(
            """
            application: app
            topics:
              orders: { partitions: 1, key: int32, value: string }
              prices: { partitions: 1, key: string, value: double }
            tables:
              p: { from: prices }
            streams:
              s:
                from: orders
                steps:
                  - join: { table: p, value: "right" }
            """)
        #expect(
            errors == [
                "11:24: a stream joins a table by key, but 's-1-join' has key int32 and table 'p' has key string"
            ])
    }

    @Test func dynamicValuesAreCheckedAtRunTime() {
        let yaml = """
            application: app
            topics:
              a: { partitions: 1, key: string, value: int32 }
              j: { partitions: 1, key: string, value: json }
            tables:
              t: { from: j, aggregate: { initial: "0", apply: "aggregate + value.amount", type: int64 } }
            http:
              commands:
                - post: /a
                  topic: a
                  key: body.id
                  value: body.n + 1
            """
        #expect(Self.errors(yaml) == [])
    }
}

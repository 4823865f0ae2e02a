import Foundation
import Plugins
import StreamrunPostgres
import Testing
import TopologyDSL

/// The `postgres` sink plugin against a real, throwaway PostgreSQL server.
@Suite(.serialized) struct PostgresSinkTests {
    static let key = ValueType.record("LocationSku", [.init("location", .string), .init("sku", .string)])
    static func key(_ sku: String) -> Value { .record(Fields([("location", "STL"), ("sku", .string(sku))])) }
    static func record(_ sku: String, _ value: Value, _ time: Int64 = 0) -> SinkRecord {
        SinkRecord(key: key(sku), value: value, timestamp: time)
    }

    @Test func upsertsDeletesAndReadsBack() async throws {
        let server = try TemporaryPostgres()
        let parameters = ["url": server.url, "table": "sellable"]
        let plugin = PostgresSinkPlugin()
        try plugin.check(parameters: parameters, keyType: Self.key, valueType: .int32)
        let lookup = try plugin.lookup(parameters: parameters, keyType: Self.key, valueType: .int32)
        // Before any write has created the table, a key is absent.
        #expect(try await lookup.value(for: Self.key("1")) == nil)
        let sink = try plugin.makeSink(parameters: parameters, keyType: Self.key, valueType: .int32, task: "0_0")
        try sink.write([Self.record("1", .int(100)), Self.record("2", .int(5))])
        // A later value replaces the row; a null value deletes it.
        try sink.write([Self.record("1", .int(100)), Self.record("1", .int(90), 1), Self.record("2", .null, 1)])
        #expect(try await lookup.value(for: Self.key("1")) == .int(90))
        #expect(try await lookup.value(for: Self.key("2")) == nil)
        #expect(try server.psql("SELECT location, sku, value FROM sellable ORDER BY sku") == "STL|1|90")
        #expect(
            try server.psql(
                "SELECT data_type FROM information_schema.columns WHERE table_name = 'sellable' ORDER BY ordinal_position"
            )
                == "text\ntext\ninteger")
        // A second process (a fresh plugin) sees the same table.
        let reopened = try PostgresSinkPlugin().lookup(parameters: parameters, keyType: Self.key, valueType: .int32)
        #expect(try await reopened.value(for: Self.key("1")) == .int(90))
    }

    @Test func replayingABatchWritesTheSameRows() throws {
        let server = try TemporaryPostgres()
        let parameters = ["url": server.url, "table": "replayed"]
        let sink = try PostgresSinkPlugin().makeSink(
            parameters: parameters, keyType: .string, valueType: .int64, task: "0_0")
        let batch = (0..<50).map {
            SinkRecord(key: .string("k\($0 % 20)"), value: $0 % 7 == 0 ? .null : .int(Int64($0)), timestamp: 0)
        }
        try sink.write(batch)
        let first = try server.psql("SELECT key, value FROM replayed ORDER BY key")
        try sink.write(batch)
        #expect(try server.psql("SELECT key, value FROM replayed ORDER BY key") == first)
        #expect(try server.psql("SELECT count(*) FROM replayed") == "17")
        #expect(try server.psql("SELECT value FROM replayed WHERE key = 'k16'") == "36")
        #expect(try server.psql("SELECT count(*) FROM replayed WHERE key = 'k15'") == "0")
    }

    @Test func recordValuesHaveOneColumnPerField() async throws {
        let server = try TemporaryPostgres()
        let valueType = ValueType.record(
            "Stock",
            [
                .init("onHand", .int64), .init("price", .double), .init("name", .string), .init("active", .bool),
                .init("photo", .bytes), .init("tags", .list),
            ])
        let parameters = ["url": server.url, "table": "stock"]
        let plugin = PostgresSinkPlugin()
        let sink = try plugin.makeSink(parameters: parameters, keyType: Self.key, valueType: valueType, task: "0_0")
        let value = Value.record(
            Fields([
                ("onHand", .int(7_000_000_000)), ("price", .double(2.5)), ("name", "widget"), ("active", .bool(true)),
                ("photo", .bytes([0, 1, 255])), ("tags", .list(["a", .int(1)])),
            ]))
        try sink.write([Self.record("9", value), Self.record("10", .record(Fields([("name", "partial")])))])
        let lookup = try plugin.lookup(parameters: parameters, keyType: Self.key, valueType: valueType)
        #expect(
            try await lookup.value(for: Self.key("9"))
                == .record(
                    Fields([
                        ("onHand", .int(7_000_000_000)), ("price", .double(2.5)), ("name", "widget"),
                        ("active", .bool(true)),
                        ("photo", .bytes([0, 1, 255])), ("tags", .string(#"["a",1]"#)),
                    ])))
        #expect(
            try await lookup.value(for: Self.key("10"))
                == .record(
                    Fields([
                        ("onHand", .null), ("price", .null), ("name", "partial"), ("active", .null), ("photo", .null),
                        ("tags", .null),
                    ])))
        #expect(
            try server.psql(
                "SELECT data_type FROM information_schema.columns WHERE table_name = 'stock' ORDER BY ordinal_position")
                == "text\ntext\nbigint\ndouble precision\ntext\nboolean\nbytea\ntext")
    }

    @Test func rejectsBadParameters() {
        let plugin = PostgresSinkPlugin()
        let good = "postgres://user:secret@127.0.0.1:5432/db"
        #expect(throws: Never.self) {
            try plugin.check(parameters: ["url": good, "table": "t"], keyType: .string, valueType: .int32)
            try plugin.check(
                parameters: ["url": good, "table": "t", "lookup-timeout": "1500ms"], keyType: .string, valueType: .int32
            )
        }
        for parameters in [
            ["table": "t"], ["url": good], ["url": good, "table": "t; drop"], ["url": "mysql://u@h/db", "table": "t"],
            ["url": "postgres://127.0.0.1/db", "table": "t"], ["url": good + "?sslmode=require", "table": "t"],
            ["url": good, "table": "t", "lookup-timeout": "10"], ["url": good, "table": "t", "lookup-timeout": "0s"],
        ] {
            let error = #expect(throws: PostgresSinkError.self) {
                try plugin.check(parameters: parameters, keyType: .string, valueType: .int32)
            }
            #expect(error?.code == .badParameters, "\(parameters)")
        }
        let badField = ValueType.record("Bad", [.init("bad name", .string)])
        let error = #expect(throws: PostgresSinkError.self) {
            try plugin.check(parameters: ["url": good, "table": "t"], keyType: badField, valueType: .int32)
        }
        #expect(error?.code == .badParameters)
    }

    @Test func aValueThatDoesNotFitItsColumnIsRefusedWithoutAskingTheServer() throws {
        let logs = LogLines()
        let sink = try PostgresSinkPlugin(log: logs.sink).makeSink(
            parameters: ["url": "postgres://u@127.0.0.1:1/db", "table": "t"], keyType: .string, valueType: .int32,
            task: "0_0")
        #expect {
            try sink.write([SinkRecord(key: "a", value: .int(1 << 40), timestamp: 0)])
        } throws: { error in
            guard let error = error as? SinkError else { return false }
            return error.code == .rejected && error.rejections.map(\.index) == [0]
                && error.rejections[0].reason.contains("cannot hold")
        }
        #expect(!logs.lines.contains { $0.contains("write failed") })
    }

    @Test func aLookupOnADatabaseThatCannotBeReachedThrowsARetriableUnreachableError() async throws {
        let lookup = try PostgresSinkPlugin().lookup(
            parameters: ["url": "postgres://u@127.0.0.1:1/db", "table": "t"], keyType: .string, valueType: .int32)
        let error = await #expect(throws: PostgresSinkError.self) { try await lookup.value(for: "a") }
        #expect(error?.code == .unreachable, "\(String(describing: error))")
        #expect(error?.isRetriable == true)
    }

    @Test func aBatchWithRefusedRowsWritesTheOthersInOrder() throws {
        let server = try TemporaryPostgres()
        try server.psql("CREATE TABLE checked (key TEXT NOT NULL PRIMARY KEY, value BIGINT CHECK (value >= 0))")
        let sink = try PostgresSinkPlugin().makeSink(
            parameters: ["url": server.url, "table": "checked"], keyType: .string,
            valueType: .int64, task: "0_0")
        let batch = [
            SinkRecord(key: "a", value: .int(1), timestamp: 0), SinkRecord(key: "b", value: .int(-1), timestamp: 0),
            SinkRecord(key: "a", value: .int(2), timestamp: 0),
            SinkRecord(key: "c", value: .string("x\u{0}y"), timestamp: 0),
            SinkRecord(key: "c", value: .int(3), timestamp: 0), SinkRecord(key: "a", value: .int(-2), timestamp: 0),
        ]
        #expect {
            try sink.write(batch)
        } throws: { error in
            guard let error = error as? SinkError, error.code == .rejected else { return false }
            return error.rejections.map(\.index) == [1, 3, 5] && error.rejections[0].reason.contains("23514")
        }
        // The refused rows left the others as if they had never been in the batch: later rows still win.
        #expect(try server.psql("SELECT key, value FROM checked ORDER BY key") == "a|2\nc|3")
    }

    @Test func writesWaitWhilePostgresIsDownAndLoseNothing() async throws {
        let server = try TemporaryPostgres()
        let logs = LogLines()
        let parameters = ["url": server.url, "table": "survivor"]
        let plugin = PostgresSinkPlugin(log: logs.sink)
        let sink = try plugin.makeSink(parameters: parameters, keyType: Self.key, valueType: .int32, task: "0_0")
        let lookup = try plugin.lookup(parameters: parameters, keyType: Self.key, valueType: .int32)
        try sink.write((0..<10).map { Self.record("\($0)", .int(Int64($0))) })
        #expect(try await lookup.value(for: Self.key("3")) == .int(3))

        try server.stop()
        await #expect(throws: (any Error).self) { try await lookup.value(for: Self.key("3")) }
        let restarted = Thread {
            Thread.sleep(forTimeInterval: 2)
            try? server.start()
        }
        restarted.start()
        let started = Date()
        // Written while the server is down: blocks, retrying, until it is back.
        try sink.write((0..<10).map { Self.record("\($0)", .int(Int64(100 + $0))) } + [Self.record("0", .null)])
        let waited = Date().timeIntervalSince(started)
        #expect(waited > 1.5)
        #expect(logs.lines.contains { $0.contains("write failed (attempt 1)") })
        // Writes keep coming after the restart.
        for round in 1...5 { try sink.write([Self.record("\(round)", .int(Int64(1000 + round)))]) }

        #expect(try await lookup.value(for: Self.key("0")) == nil)
        #expect(try await lookup.value(for: Self.key("3")) == .int(1003))
        #expect(try await lookup.value(for: Self.key("9")) == .int(109))
        let expected = (1..<10).map { "STL|\($0)|\($0 <= 5 ? 1000 + $0 : 100 + $0)" }.sorted().joined(separator: "\n")
        #expect(try server.psql("SELECT location, sku, value FROM survivor ORDER BY sku") == expected)
    }
}

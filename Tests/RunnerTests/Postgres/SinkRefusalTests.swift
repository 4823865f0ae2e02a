import Foundation
import Plugins
import Runner
import Testing
import TopologyDSL

/// A row a database refuses for good never stops processing: it goes to the dead-letter topic with
/// the database's reason, the other rows of the same commit are written, and later records flow.
@Suite(.serialized) struct SinkRefusalTests {
    static func yaml(sink: String, parameters: String) -> String {
        """
        application: sinkRefusals
        types:
          Reading: { format: json, fields: { name: string, count: int64 } }
        topics:
          readings: { partitions: 1, key: string, value: Reading }
        streams:
          to-table:
            from: readings
            to: { sink: \(sink), with: { \(parameters), table: readings } }
        """
    }

    static func reading(_ name: String, _ count: Int64) -> Value {
        .record(Fields([("name", .string(name)), ("count", .int(count))]))
    }

    @Test func rowsPostgreSQLRefusesAreDeadLetteredWithTheReasonAndTheOthersAreWritten() async throws {
        let server = try TemporaryPostgres()
        // The table exists already, with a rule of its own: a count is never negative.
        try server.psql(
            "CREATE TABLE readings (key TEXT NOT NULL PRIMARY KEY, name TEXT, count BIGINT CHECK (count >= 0))")
        let t = try await RunningTopology.start(yaml: Self.yaml(sink: "postgres", parameters: "url: \"\(server.url)\""))
        _ = try await t.send("readings", key: "a", value: Self.reading("first", 1))
        _ = try await t.send("readings", key: "nul", value: Self.reading("bad\u{0}byte", 2))  // 22021: NUL in text
        _ = try await t.send("readings", key: "b", value: Self.reading("second", 3))
        _ = try await t.send("readings", key: "negative", value: Self.reading("below zero", -5))  // 23514: CHECK
        _ = try await t.send("readings", key: .null, value: Self.reading("no key", 4))  // 23502: NOT NULL key
        _ = try await t.send("readings", key: "c", value: Self.reading("third", 6))
        try await Eventually.wait("three dead letters", seconds: 60) { try t.deadLetters().count >= 3 }
        // The last row may be in a later commit than the last refusal.
        try await Eventually.wait("the last row", seconds: 60) {
            try server.psql("SELECT count FROM readings WHERE key = 'c'") == "6"
        }
        #expect(
            try server.psql("SELECT key, name, count FROM readings ORDER BY key") == "a|first|1\nb|second|3\nc|third|6")

        // Later records keep flowing into the table.
        _ = try await t.send("readings", key: "d", value: Self.reading("later", 7))
        try await Eventually.wait("a later row", seconds: 60) {
            try server.psql("SELECT count FROM readings WHERE key = 'd'") == "7"
        }
        try await t.stop()  // throws if the stream thread stopped

        let letters = try t.deadLetters()
        #expect(letters.count == 3)
        let byOffset = Dictionary(
            letters.map { ($0.headers["streamrun.offset"] ?? "?", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byOffset["1"]?.headers["streamrun.error"]?.contains("22021") == true, "\(letters)")
        #expect(byOffset["3"]?.headers["streamrun.error"]?.contains("23514") == true, "\(letters)")
        #expect(byOffset["4"]?.headers["streamrun.error"]?.contains("23502") == true, "\(letters)")
        #expect(byOffset["3"]?.value.contains("below zero") == true, "\(letters)")
        for letter in letters {
            #expect(letter.headers["streamrun.topic"] == "readings")
            #expect(letter.headers["streamrun.partition"] == "0")
            #expect(letter.headers["streamrun.sink"]?.contains("postgres") == true, "\(letter.headers)")
        }
    }

    @Test func rowsSQLiteRefusesAreDeadLetteredWithTheReasonAndTheOthersAreWritten() async throws {
        let directory = TemporaryDirectory.make()
        let database = directory + "/service.db"
        let t = try await RunningTopology.start(
            yaml: Self.yaml(sink: "sqlite", parameters: "database: \"\(database)\""),
            directory: directory + "/data")
        _ = try await t.send("readings", key: "a", value: Self.reading("first", 1))
        _ = try await t.send("readings", key: .null, value: Self.reading("no key", 2))  // NOT NULL key column
        _ = try await t.send("readings", key: "b", value: Self.reading("second", 3))
        try await Eventually.wait("a dead letter", seconds: 60) { try t.deadLetters().count >= 1 }
        let lookup = try SQLiteSinkPlugin().lookup(
            parameters: ["database": database, "table": "readings"], keyType: .string,
            valueType: .record("Reading", [.init("name", .string), .init("count", .int64)]))
        // The row after the refused one may be in a later commit than the refusal.
        try await Eventually.wait("the row after the refused one", seconds: 60) {
            try await lookup.value(for: "b") == Self.reading("second", 3)
        }
        #expect(try await lookup.value(for: "a") == Self.reading("first", 1))
        _ = try await t.send("readings", key: "c", value: Self.reading("later", 4))
        try await Eventually.wait("a later row", seconds: 60) {
            try await lookup.value(for: "c") == Self.reading("later", 4)
        }
        try await t.stop()

        let letters = try t.deadLetters()
        #expect(letters.count == 1)
        #expect(letters.first?.headers["streamrun.error"]?.contains("NOT NULL") == true, "\(letters)")
        #expect(letters.first?.headers["streamrun.offset"] == "1")
        #expect(letters.first?.headers["streamrun.sink"]?.contains("sqlite") == true)
        #expect(letters.first?.value.contains("no key") == true)
    }
}

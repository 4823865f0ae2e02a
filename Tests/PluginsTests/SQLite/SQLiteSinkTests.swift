import Foundation
import Plugins
import Testing
import TopologyDSL

/// The `sqlite` sink plugin on a real SQLite file: upserts by key, deletes, reads back.
@Suite struct SQLiteSinkTests {
    static let key = ValueType.record("LocationSku", [.init("location", .string), .init("sku", .string)])
    static func key(_ sku: String) -> Value { .record(Fields([("location", "STL"), ("sku", .string(sku))])) }

    @Test func upsertsDeletesAndReadsBack() async throws {
        let path = NSTemporaryDirectory() + "sink-\(UUID().uuidString)/service.db"
        let plugin = SQLiteSinkPlugin()
        let parameters = ["database": path, "table": "sellable"]
        let sink = try plugin.makeSink(parameters: parameters, keyType: Self.key, valueType: .int32, task: "0_0")
        try sink.write([
            SinkRecord(key: Self.key("1"), value: .int(100), timestamp: 0),
            SinkRecord(key: Self.key("2"), value: .int(5), timestamp: 0),
        ])
        // A replay of the same commit writes the same rows; a later value replaces the row.
        try sink.write([
            SinkRecord(key: Self.key("1"), value: .int(100), timestamp: 0),
            SinkRecord(key: Self.key("1"), value: .int(90), timestamp: 1),
            SinkRecord(key: Self.key("2"), value: .null, timestamp: 1),
        ])
        let lookup = try plugin.lookup(parameters: parameters, keyType: Self.key, valueType: .int32)
        #expect(try await lookup.value(for: Self.key("1")) == .int(90))
        #expect(try await lookup.value(for: Self.key("2")) == nil)
        // A second process (a fresh plugin) sees the same table.
        let reopened = try SQLiteSinkPlugin().lookup(parameters: parameters, keyType: Self.key, valueType: .int32)
        #expect(try await reopened.value(for: Self.key("1")) == .int(90))
    }

    @Test func aBatchWithRowsSQLiteRefusesWritesTheOthersInOrderAndNamesTheRefused() async throws {
        let path = NSTemporaryDirectory() + "sink-\(UUID().uuidString)/service.db"
        let plugin = SQLiteSinkPlugin()
        let parameters = ["database": path, "table": "sellable"]
        let sink = try plugin.makeSink(parameters: parameters, keyType: Self.key, valueType: .int32, task: "0_0")
        let noSku = Value.record(Fields([("location", "STL")]))  // the key column sku is NOT NULL
        #expect {
            try sink.write([
                SinkRecord(key: Self.key("1"), value: .int(1), timestamp: 0),
                SinkRecord(key: noSku, value: .int(2), timestamp: 0),
                SinkRecord(key: Self.key("1"), value: .int(3), timestamp: 0),
                SinkRecord(key: Self.key("2"), value: .int(4), timestamp: 0),
            ])
        } throws: { error in
            guard let error = error as? SinkError, error.code == .rejected else { return false }
            return error.rejections.map(\.index) == [1] && error.rejections[0].reason.contains("NOT NULL")
        }
        let lookup = try plugin.lookup(parameters: parameters, keyType: Self.key, valueType: .int32)
        #expect(try await lookup.value(for: Self.key("1")) == .int(3))
        #expect(try await lookup.value(for: Self.key("2")) == .int(4))
    }

    @Test func rejectsBadParameters() {
        #expect(throws: (any Error).self) {
            try SQLiteSinkPlugin().check(parameters: ["table": "t"], keyType: .string, valueType: .int32)
        }
        #expect(throws: (any Error).self) {
            try SQLiteSinkPlugin().check(
                parameters: ["database": "x.db", "table": "t; drop"], keyType: .string, valueType: .int32)
        }
    }
}

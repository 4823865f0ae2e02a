import Foundation
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

/// Each store records the key and value types it was written with (in the task's local state and,
/// for its changelog, in `<application>-streamrun-store-types`); a topology that changed them does
/// not start, and the old bytes are never read with the new serde.
@Suite(.serialized) struct StoreTypeTests {
    static func yaml(value: String, aggregate: String = "aggregate + value") -> String {
        """
        application: storeTypes
        topics:
          amounts: { partitions: 2, key: string, value: \(value) }
        tables:
          totals: { from: amounts, reduce: "\(aggregate)" }
        """
    }

    /// Sums 5 + 7 for "k" with int64 values, stops, and returns the directory.
    func prepare() async throws -> String {
        let directory = TemporaryDirectory.make()
        let topology = try await RunningTopology.start(yaml: Self.yaml(value: "int64"), directory: directory)
        _ = try await topology.send("amounts", key: "k", value: 5)
        _ = try await topology.send("amounts", key: "k", value: 7)
        #expect(try await topology.value("totals", "k") { $0 == .int(12) } == .int(12))
        try await topology.stop()
        return directory
    }

    func refusal(_ yaml: String, directory: String) async throws -> (stores: [String], description: String)? {
        do {
            let topology = try await RunningTopology.start(yaml: yaml, directory: directory)
            try await topology.stop()
            return nil
        } catch let error as StreamrunError {
            guard case .storeTypesChanged(let stores) = error.code else { throw error }
            return (stores, error.description)
        }
    }

    @Test func aStoreWhoseValueTypeChangedIsRefusedAtStartupNamingItAndHowToRebuildIt() async throws {
        let directory = try await prepare()
        let error = try #require(
            try await refusal(Self.yaml(value: "double"), directory: directory),
            "an int64 store was opened as double")
        #expect(error.stores == ["totals"])
        #expect(error.description.contains("store 'totals' was written with key string and value int64"), "\(error)")
        #expect(error.description.contains("the topology gives it key string and value double"), "\(error)")
        #expect(error.description.contains("new application id"), "\(error)")
        // Nothing was touched: the old topology still reads its sum.
        let again = try await RunningTopology.start(yaml: Self.yaml(value: "int64"), directory: directory)
        #expect(try await again.runner.lookup(store: "totals", key: "k") == .int(12))
        try await again.stop()
    }

    @Test func aChangedTypeIsRefusedWhenOnlyTheChangelogIsLeft() async throws {
        let directory = try await prepare()
        // A new pod or a moved task: no local state, so the store would be restored from its changelog.
        try FileManager.default.removeItem(atPath: "\(directory)/state")
        let error = try #require(try await refusal(Self.yaml(value: "double"), directory: directory))
        #expect(error.description.contains("recorded in storeTypes-streamrun-store-types"), "\(error)")
    }

    @Test func localStateWrittenWithOtherTypesIsRefusedEvenIfTheChangelogRecordIsGone() async throws {
        let directory = try await prepare()
        // The application-wide record is lost (a tombstone): the task's own record still tells.
        let log = try EmbeddedLog(directory: "\(directory)/log", options: EmbeddedLogOptions())
        let producer = try log.makeProducer()
        producer.produce(
            OutgoingRecord(
                topic: "storeTypes-streamrun-store-types", partition: 0, key: Array("totals".utf8),
                value: nil, timestamp: 0), delivery: nil)
        try producer.flush()
        producer.close()
        log.close()
        let error = try #require(try await refusal(Self.yaml(value: "double"), directory: directory))
        #expect(error.description.contains("recorded in \(directory)/state/storeTypes/0_"), "\(error)")
    }

    @Test func aStoreWithNothingInItTakesTheNewTypes() async throws {
        let directory = TemporaryDirectory.make()
        let empty = try await RunningTopology.start(yaml: Self.yaml(value: "int64"), directory: directory)
        try await empty.stop()
        let topology = try await RunningTopology.start(yaml: Self.yaml(value: "double"), directory: directory)
        _ = try await topology.send("amounts", key: "k", value: .double(1.5))
        #expect(try await topology.value("totals", "k") { $0 == .double(1.5) } == .double(1.5))
        try await topology.stop()
    }

    @Test func aRecordValueWhoseFieldsChangedIsRefusedButARenamedTypeIsNot() async throws {
        func yaml(_ name: String, _ fields: String) -> String {
            """
            application: storeTypes
            types:
              \(name): { fields: { \(fields) } }
            topics:
              readings: { partitions: 1, key: string, value: \(name) }
            tables:
              latest: { from: readings, reduce: "value" }
            """
        }
        let directory = TemporaryDirectory.make()
        let first = try await RunningTopology.start(yaml: yaml("Reading", "n: int32"), directory: directory)
        _ = try await first.send("readings", key: "k", value: .record(Fields([("n", 1)])))
        _ = try await first.value("latest", "k") { $0 != nil }
        try await first.stop()
        let renamed = try await RunningTopology.start(yaml: yaml("Sample", "n: int"), directory: directory)
        #expect(try await renamed.runner.lookup(store: "latest", key: "k") == .record(Fields([("n", 1)])))
        try await renamed.stop()
        // The JSON record serde requires every declared field: old values would not read.
        let grown = try #require(try await refusal(yaml("Sample", "n: int32, unit: string"), directory: directory))
        #expect(
            grown.description.contains("store 'latest' was written with key string and value Sample {n: int32} ("),
            "\(grown)")
        #expect(
            grown.description.contains("the topology gives it key string and value Sample {n: int32, unit: string}"),
            "\(grown)")
        let changed = try #require(try await refusal(yaml("Sample", "n: string"), directory: directory))
        #expect(changed.stores == ["latest"])
    }
}

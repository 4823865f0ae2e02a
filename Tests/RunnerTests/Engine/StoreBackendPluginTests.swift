import Foundation
import Logging
import StreamrunCommands
import StreamrunLog
import Testing
import TopologyDSL

@testable import StreamrunEngine

/// A plugin's store backend (`store-type: NAME`) holds a store's committed bytes behind the engine's
/// cache and changelog; it is cleared when its task opens and restored from the whole changelog.
@Suite(.serialized) struct StoreBackendPluginTests {
    /// Keeps every backend it made, so the test can look inside.
    final class JournalPlugin: StoreBackendPlugin {
        let name = "journal"
        let made = Locked<[JournalBackend]>([])
        /// How many commits, across the backends it makes, throw `failure` instead of committing.
        let failingCommits: Locked<Int>
        let failure: StreamrunError

        init(failingCommits: Int = 0, failure: StreamrunError = StreamrunError("unused", code: .failed)) {
            self.failingCommits = Locked(failingCommits)
            self.failure = failure
        }

        func makeBackend(store: StoreDeclaration, task: String) throws -> any StoreBackend {
            let backend = JournalBackend(store: store.name, task: task, plugin: self)
            made.withLock { $0.append(backend) }
            return backend
        }

        var backends: [JournalBackend] { made.withLock { $0 } }
    }

    /// A dictionary that counts what the engine asks of it.
    final class JournalBackend: StoreBackend {
        struct State {
            var committed: [[UInt8]: [UInt8]] = [:]
            var staged: [([UInt8], [UInt8]?)] = []
            var clears = 0
            var commits = 0
        }
        let store: String
        let task: String
        let state = Locked(State())
        let plugin: JournalPlugin

        init(store: String, task: String, plugin: JournalPlugin) {
            self.store = store
            self.task = task
            self.plugin = plugin
        }

        func withValue<R>(_ key: [UInt8], _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
            guard let bytes = state.withLock({ $0.committed[key] }) else { return try body(nil) }
            return try bytes.withUnsafeBytes { try body($0) }
        }
        func stagePut(_ key: [UInt8], _ value: [UInt8]) { state.withLock { $0.staged.append((key, value)) } }
        func stageDelete(_ key: [UInt8]) { state.withLock { $0.staged.append((key, nil)) } }
        func didCommit() throws {
            let fails = plugin.failingCommits.withLock { remaining in
                defer { remaining = max(0, remaining - 1) }
                return remaining > 0
            }
            if fails { throw plugin.failure }
            state.withLock { state in
                for (key, value) in state.staged { state.committed[key] = value }
                state.staged.removeAll()
                state.commits += 1
            }
        }
        var approximateCount: Int { state.withLock { $0.committed.count } }
        func forEachKey(_ body: ([UInt8]) throws -> Void) throws {
            for key in state.withLock({ Array($0.committed.keys) }) { try body(key) }
        }
        func clear() {
            state.withLock {
                $0.committed.removeAll()
                $0.clears += 1
            }
        }
    }

    static let yaml = """
        application: journalStores
        topics:
          amounts: { partitions: 1, key: string, value: int64 }
        tables:
          totals: { from: amounts, reduce: "aggregate + value", store-type: journal }
        """

    static func registry(_ plugin: JournalPlugin) -> PluginRegistry {
        var registry = StreamrunPlugins.registry
        registry.register(storeBackend: plugin)
        return registry
    }

    @Test func aStoreOfAPluginsTypeKeepsItsCommittedValuesInThePluginsBackend() async throws {
        let plugin = JournalPlugin()
        let topology = try await RunningTopology.start(yaml: Self.yaml, plugins: Self.registry(plugin))
        _ = try await topology.send("amounts", key: "k", value: 5)
        _ = try await topology.send("amounts", key: "k", value: 7)
        #expect(try await topology.value("totals", "k") { $0 == .int(12) } == .int(12))
        let backend = try #require(plugin.backends.first)
        #expect(backend.store == "totals" && backend.task == "0_0")
        // The backend holds the bytes the engine gave it: the timestamp, then the value's serde bytes.
        try await Eventually.wait("the sum committed to the plugin's backend") {
            backend.state.withLock { $0.committed[Array("k".utf8)] }.map { Array($0.suffix(8)) }
                == [0, 0, 0, 0, 0, 0, 0, 12]
        }
        #expect(backend.state.withLock { $0.committed[Array("k".utf8)]?.count } == 16)
        #expect(backend.state.withLock { $0.commits } > 0)
        try await topology.stop()
    }

    @Test func aPluginsBackendIsClearedWhenItsTaskOpensAndRestoredFromTheChangelog() async throws {
        let directory = TemporaryDirectory.make()
        let first = JournalPlugin()
        var topology = try await RunningTopology.start(
            yaml: Self.yaml, directory: directory, plugins: Self.registry(first))
        _ = try await topology.send("amounts", key: "k", value: 5)
        #expect(try await topology.value("totals", "k") { $0 == .int(5) } == .int(5))
        try await topology.stop()

        let second = JournalPlugin()
        topology = try await RunningTopology.start(
            yaml: Self.yaml, directory: directory, plugins: Self.registry(second))
        let backend = try #require(second.backends.first)
        #expect(backend.state.withLock { $0.clears } == 1)
        #expect(backend.state.withLock { $0.committed[Array("k".utf8)] } != nil, "restored from the changelog")
        _ = try await topology.send("amounts", key: "k", value: 7)
        #expect(try await topology.value("totals", "k") { $0 == .int(12) } == .int(12))
        try await topology.stop()
    }

    @Test func anEngineErrorABackendThrowsOnCommitReopensItsTaskAndTheRunnerGoesOn() async throws {
        // Not a transport's failure (`isTransportFailure`): the task fails and reopens from its last
        // commit, as for any error of a task's own work, instead of the stream thread stopping.
        let plugin = JournalPlugin(
            failingCommits: 1, failure: StreamrunError("the journal is not ready", code: .notReady))
        let topology = try await RunningTopology.start(yaml: Self.yaml, plugins: Self.registry(plugin))
        _ = try await topology.send("amounts", key: "k", value: 5)
        try await Eventually.wait("the failed commit", seconds: 30) { plugin.failingCommits.withLock { $0 } == 0 }
        _ = try await topology.send("amounts", key: "k", value: 7)
        #expect(try await topology.value("totals", "k") { $0 == .int(12) } == .int(12))
        try await Eventually.wait("the task reopened on a new backend", seconds: 30) { plugin.backends.count >= 2 }
        try await Eventually.wait("the sum committed to the new backend", seconds: 30) {
            plugin.backends.last?.state.withLock { $0.committed[Array("k".utf8)] }.map { Array($0.suffix(8)) }
                == [0, 0, 0, 0, 0, 0, 0, 12]
        }
        try await topology.stop()
    }

    @Test func aStoreTypeNoPluginProvidesIsAnErrorAtItsPositionNamingTheKnownTypes() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "store-type: journal", with: "store-type: jornal")
        #expect {
            try TopologyLoader(plugins: Self.registry(JournalPlugin())).load(yaml: yaml, file: "t.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("t.yaml:5:") && text.contains("store-type must be one of rocksdb, memory, journal")
                && text.contains("'jornal'")
        }
    }

    @Test func aRunnerWhoseGraphNamesAStoreTypeNoPluginProvidesDoesNotStart() throws {
        // A Swift topology names kinds with `StoreKind("...")`, which no YAML check sees.
        let graph = try TopologyLoader(plugins: Self.registry(JournalPlugin())).load(yaml: Self.yaml, file: "t.yaml")
        let directory = TemporaryDirectory.make()
        let log = try EmbeddedLog.opening(dataDirectory: directory)
        #expect {
            _ = try StreamRunner(
                graph: graph, transport: log, configuration: RunnerConfiguration(dataDirectory: directory),
                plugins: StreamrunPlugins.registry, logger: Logger(label: "test"))
        } throws: { error in
            "\(error)".contains(
                "store 'totals' has store-type 'journal', which no plugin provides; known: rocksdb, memory")
        }
    }
}

import TopologyDSL

/// What the driver puts in place of a topology's external sinks (`to: { sink: ..., with: ... }`,
/// SQLite, PostgreSQL, files): an in-memory table per sink step that records every write, keeps
/// the latest value per key as an upserting database table would (a null value deletes the key),
/// and refuses or fails writes when a test asks it to.
// @unchecked Sendable: confined to the thread driving its TopologyTestDriver; `tables` is filled while the driver
// starts and read by its accessors, all on that thread.
final class RecordingSinks: @unchecked Sendable {
    /// One sink step's writes.
    // @unchecked Sendable: written by the driven tasks' sinks and read by the test, all on the thread driving the
    // TopologyTestDriver (it runs every task on its caller's thread, with no threads of its own).
    final class Table: @unchecked Sendable {
        /// Every record written, in order (replays write some again).
        var writes: [SinkRecord] = []
        /// The latest value per key, in the order keys were first written.
        var rows: [(key: Value, value: Value)] = []
        /// Write failures still to come (`SinkError.transient`, as a database that stays down).
        var failuresLeft = 0
        /// Keys whose rows the sink refuses for good (`SinkError.rejected`), with the reason.
        var refusals: [Value: String] = [:]

        func write(_ records: [SinkRecord], step: String) throws {
            if failuresLeft > 0 {
                failuresLeft -= 1
                throw SinkError(.transient, "sink '\(step)' is unavailable (simulated by the test driver)")
            }
            var rejections: [SinkError.Rejection] = []
            for (index, record) in records.enumerated() {
                if let reason = refusals[record.key] {
                    rejections.append(SinkError.Rejection(index: index, reason: reason))
                    continue
                }
                writes.append(record)
                if let row = rows.firstIndex(where: { $0.key == record.key }) {
                    if record.value.isNull { rows.remove(at: row) } else { rows[row].value = record.value }
                } else if !record.value.isNull {
                    rows.append((record.key, record.value))
                }
            }
            if !rejections.isEmpty { throw SinkError.rejected(rejections, by: "sink '\(step)' (test driver)") }
        }
    }

    private(set) var tables: [String: Table] = [:]

    /// The plugin name the driver gives sink step `step`.
    static func pluginName(of step: String) -> String { "streamrun.test-driver/\(step)" }

    func table(_ step: String) -> Table {
        if let table = tables[step] { return table }
        let table = Table()
        tables[step] = table
        return table
    }

    /// `graph` with every external sink step writing to its recording table instead, and
    /// `plugins` with those tables registered.
    func substitute(in graph: TopologyGraph, plugins: inout PluginRegistry) -> TopologyGraph {
        var graph = graph
        for (index, node) in graph.nodes.enumerated() {
            guard let spec = node.spec(ExternalSinkSpec.self) else { continue }
            let name = Self.pluginName(of: node.name)
            graph.nodes[index] = GraphNode(
                id: node.id, name: node.name,
                spec: ExternalSinkSpec(plugin: PluginReference(name: name, parameters: spec.plugin.parameters)),
                parents: node.parents, keyType: node.keyType, valueType: node.valueType,
                topic: node.topic, store: node.store, detail: node.detail, location: node.location)
            plugins.register(sink: RecordingSinkPlugin(name: name, step: node.name, table: table(node.name)))
        }
        return graph
    }
}

/// A sink plugin writing one step's records into its recording table (every task shares it).
struct RecordingSinkPlugin: SinkPlugin {
    let name: String
    let step: String
    let table: RecordingSinks.Table

    func makeSink(parameters: [String: String], keyType: ValueType, valueType: ValueType, task: String) throws
        -> any RecordSink
    {
        RecordingSink(step: step, table: table)
    }
}

final class RecordingSink: RecordSink, Sendable {
    let step: String
    let table: RecordingSinks.Table

    init(step: String, table: RecordingSinks.Table) {
        self.step = step
        self.table = table
    }

    func write(_ records: [SinkRecord]) throws { try table.write(records, step: step) }
    func close() {}
}

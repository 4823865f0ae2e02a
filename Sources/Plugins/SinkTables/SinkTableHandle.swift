package import TopologyDSL

/// A database table a sink writes and queries read (SQLite, PostgreSQL).
package protocol SinkTable: AnyObject, Sendable {
    /// Applies the records in one transaction: upserts, and deletes for null values.
    func write(_ records: [SinkRecord]) throws
    /// The row of `key` as a value; nil when absent.
    func lookup(_ key: Value) async throws -> Value?
}

/// A task's (or a query's) handle on a shared sink table.
package final class SinkTableHandle: RecordSink, KeyLookup, Sendable {
    let table: any SinkTable
    package init(_ table: any SinkTable) { self.table = table }
    package func write(_ records: [SinkRecord]) throws { try table.write(records) }
    package func value(for key: Value) async throws -> Value? { try await table.lookup(key) }
    package func close() {}
}

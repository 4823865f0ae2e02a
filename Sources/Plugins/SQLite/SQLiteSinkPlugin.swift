internal import Foundation
public import TopologyDSL
import StreamrunSinkTables

/// The `sqlite` sink: upserts records by key into `table` of the SQLite file `database` (created if
/// missing; one transaction per commit, so a replay after a crash rewrites the same rows), and
/// serves queries over that table.
public final class SQLiteSinkPlugin: KeyLookupSinkPlugin, Sendable {
    public var name: String { "sqlite" }
    /// Tables by database file and name, shared by the tasks and queries of a process.
    private let tables = Locked<[String: SQLiteTable]>([:])
    private let databases = Locked<[String: SQLiteDatabase]>([:])

    public init() {}

    public func check(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws {
        guard parameters["database"]?.isEmpty == false, let table = parameters["table"], !table.isEmpty else {
            throw SQLiteError(description: "the sqlite sink needs 'database' (a file) and 'table'")
        }
        guard SinkTableLayout.isIdentifier(table) else {
            throw SQLiteError(description: "'\(table)' is not a plain SQL table name")
        }
    }

    private func table(_ parameters: [String: String], _ keyType: ValueType, _ valueType: ValueType) throws
        -> SQLiteTable
    {
        try check(parameters: parameters, keyType: keyType, valueType: valueType)
        let path = parameters["database"] ?? ""
        let name = parameters["table"] ?? ""
        if let existing = tables.withLock({ $0[path + "\u{0}" + name] }) { return existing }
        let database = try databases.withLock { open in
            if let database = open[path] { return database }
            let database = try SQLiteDatabase(path: path)
            open[path] = database
            return database
        }
        let table = try SQLiteTable(database: database, name: name, keyType: keyType, valueType: valueType)
        return tables.withLock { $0[path + "\u{0}" + name, default: table] }
    }

    public func makeSink(parameters: [String: String], keyType: ValueType, valueType: ValueType, task: String) throws
        -> any RecordSink
    {
        SinkTableHandle(try table(parameters, keyType, valueType))
    }

    public func lookup(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws -> any KeyLookup {
        SinkTableHandle(try table(parameters, keyType, valueType))
    }
}

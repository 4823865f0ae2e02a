internal import CSQLite
internal import Foundation
import TopologyDSL

/// A SQLite error with SQLite's message and (extended) result code.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_NOTNULL`, ...); `SQLITE_ERROR` when the
    /// problem was found before SQLite was asked.
    public let code: Int32

    init(description: String, code: Int32 = SQLITE_ERROR) {
        self.description = description
        self.code = code
    }

    /// Whether SQLite refused the row being written for good: a constraint it violates, a value
    /// of the wrong type for a strict column, a string or blob over SQLite's size limit.
    var isRowRefusal: Bool { [SQLITE_CONSTRAINT, SQLITE_MISMATCH, SQLITE_TOOBIG].contains(code & 0xff) }

    /// Whether another connection held the database for longer than the busy timeout.
    var isBusy: Bool { [SQLITE_BUSY, SQLITE_LOCKED].contains(code & 0xff) }
}

/// An open SQLite database in serialized mode (safe to share across threads); closed in deinit.
// @unchecked Sendable: immutable; `handle` is opened with SQLITE_OPEN_FULLMUTEX (serialized mode), so SQLite
// serializes the calls made on it from any thread.
final class SQLiteDatabase: @unchecked Sendable {
    let handle: OpaquePointer
    let path: String

    init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw SQLiteError(description: "cannot open SQLite database \(path): \(message)")
        }
        handle = db
        sqlite3_busy_timeout(db, 5_000)
        try execute("PRAGMA journal_mode=WAL")
    }

    deinit { sqlite3_close_v2(handle) }

    func error(_ what: String) -> SQLiteError {
        SQLiteError(
            description: "\(what): \(String(cString: sqlite3_errmsg(handle)))", code: sqlite3_extended_errcode(handle))
    }

    /// Runs SQL without results.
    func execute(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw error(sql) }
    }

    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw error(sql) }
        return SQLiteStatement(statement, database: self)
    }
}

/// A prepared statement; finalized in deinit.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private let database: SQLiteDatabase

    init(_ statement: OpaquePointer, database: SQLiteDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    /// Binds `values` to the parameters 1...n (records and lists as JSON text).
    func bind(_ values: [Value]) throws {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, index)
            case .bool(let b): status = sqlite3_bind_int64(statement, index, b ? 1 : 0)
            case .int(let i): status = sqlite3_bind_int64(statement, index, i)
            case .double(let d): status = sqlite3_bind_double(statement, index, d)
            case .string(let s):
                status = s.utf8CString.withUnsafeBufferPointer {
                    sr_sqlite3_bind_text(statement, index, $0.baseAddress, -1)
                }
            case .bytes(let b):
                status = b.withUnsafeBytes { sr_sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count)) }
            case .list, .record:
                status = JSONWriter.string(value).utf8CString.withUnsafeBufferPointer {
                    sr_sqlite3_bind_text(statement, index, $0.baseAddress, -1)
                }
            }
            guard status == SQLITE_OK else { throw database.error("cannot bind parameter \(index)") }
        }
    }

    /// Steps once; true while a row is available.
    func step() throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error("statement failed")
        }
    }

    /// Column `index` of the current row as a value.
    func column(_ index: Int32) -> Value {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(statement, index))
        case SQLITE_TEXT: return .string(String(cString: sqlite3_column_text(statement, index)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard let bytes = sqlite3_column_blob(statement, index) else { return .bytes([]) }
            return .bytes(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }
}

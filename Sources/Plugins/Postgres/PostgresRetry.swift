internal import Foundation
import StreamrunSinkTables
internal import PostgresNIO

/// How long and how often a write is retried while PostgreSQL is unreachable: backoff from
/// `firstDelay` doubling to `maxDelay`, for at most `limit` seconds.
public struct PostgresRetry: Sendable {
    public var limit: Double
    public var firstDelay: Double
    public var maxDelay: Double

    public init(limit: Double = 120, firstDelay: Double = 0.2, maxDelay: Double = 2) {
        self.limit = limit
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
    }

    /// Whether `error` may go away by itself (the server is down, restarting or dropped the
    /// connection), as opposed to a value or statement the server will always reject.
    static func isTransient(_ error: any Error) -> Bool {
        if let error = error as? PostgresSinkError { return error.isRetriable }
        guard let error = error as? PSQLError else { return true }  // connection refused, timeouts, ...
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return true }
        // Data exceptions, constraint violations, syntax or access errors, feature not supported.
        return !["22", "23", "42", "0A", "2B", "44"].contains(String(state.prefix(2)))
    }

    /// Whether the server answered that the table does not exist (SQLSTATE 42P01, undefined table).
    static func isUndefinedTable(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server else { return false }
        return error.serverInfo?[.sqlState] == "42P01"
    }

    /// Why the server refused a statement because of the row it writes (SQLSTATE class 22, data
    /// exception: a NUL byte in text, a number out of range; class 23, integrity constraint
    /// violation), or nil for any other error (those are not one row's fault).
    static func rowRefusal(_ error: any Error) -> String? {
        guard let error = error as? PSQLError, error.code == .server, let state = error.serverInfo?[.sqlState] else {
            return nil
        }
        return ["22", "23"].contains(String(state.prefix(2))) ? describe(error) : nil
    }

    /// A one-line description of `error` for logs and error messages (PSQLError hides its details
    /// from `description`).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        var text = "\(error.code)"
        if let info = error.serverInfo {
            text += ": \(info[.message] ?? "") (SQLSTATE \(info[.sqlState] ?? "?"))"
            if let detail = info[.detail] { text += " \(detail)" }
        }
        if let underlying = error.underlying { text += ": \(underlying)" }
        return text
    }
}

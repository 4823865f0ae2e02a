/// A problem with the `postgres` sink, with a code a program branches on.
public struct PostgresSinkError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        /// The sink's parameters are wrong (`url`, `table`): fixed only by changing the topology.
        case badParameters
        /// A value does not fit its column's type.
        case badValue
        /// The server answered the transaction's COMMIT with something else (a ROLLBACK).
        case notCommitted
        /// The database could not be reached or dropped the connection.
        case unreachable
        /// The server refused the statement (SQL it rejects, a missing permission).
        case refused
    }

    public let code: Code
    public let description: String

    /// Whether retrying may help (a transaction the server did not commit, a database that did not
    /// answer); bad parameters or values and SQL the server rejects are not.
    public var isRetriable: Bool {
        switch code {
        case .notCommitted, .unreachable: true
        case .badParameters, .badValue, .refused: false
        }
    }

    public init(_ description: String, code: Code) {
        self.description = description
        self.code = code
    }
}

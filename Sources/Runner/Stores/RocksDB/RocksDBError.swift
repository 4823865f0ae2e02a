internal import CRocksDB

/// An error reported by RocksDB or by the wrapper (closed database, foreign column family, ...).
public struct RocksDBError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, broadly.
    public enum Code: Sendable, Equatable {
        /// RocksDB itself returned an error status; `message` is its text.
        case rocksdb
        /// The database was used after `close()`.
        case closed
        /// A column family, batch or argument does not belong to this database.
        case invalidArgument
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String {
        switch code {
        case .rocksdb: "RocksDB error: \(message)"
        case .closed: "RocksDB closed: \(message)"
        case .invalidArgument: "RocksDB invalid argument: \(message)"
        }
    }

    static func closed(_ path: String) -> RocksDBError {
        RocksDBError(.closed, "database at \(path) is closed")
    }
}

/// Calls a RocksDB C function that reports failure through a `char** errptr` argument, turning a
/// non-nil error string into a thrown `RocksDBError` (the C string is released with `rocksdb_free`).
@inline(__always)
func rocksCall<R>(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> R) throws(RocksDBError) -> R {
    var error: UnsafeMutablePointer<CChar>? = nil
    let result = body(&error)
    if let error {
        let message = String(cString: error)
        rocksdb_free(error)
        throw RocksDBError(.rocksdb, message)
    }
    return result
}

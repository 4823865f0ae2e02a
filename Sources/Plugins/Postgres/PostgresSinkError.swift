/// A problem with the `postgres` sink: bad parameters, a value that does not fit its column, or a
/// database that stayed unreachable.
public struct PostgresSinkError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// Whether retrying may help (a transaction the server did not commit, a database that did not
    /// answer); bad parameters or values and SQL the server rejects are not.
    public let isRetriable: Bool

    public init(_ description: String, isRetriable: Bool = false) {
        self.description = description
        self.isRetriable = isRetriable
    }
}

/// A problem with the `postgres` sink: bad parameters, a value that does not fit its column, or a
/// database that stayed unreachable.
public struct PostgresSinkError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// Whether retrying cannot help (bad parameters or values, SQL the server rejects).
    public let isPermanent: Bool

    public init(_ description: String, isPermanent: Bool = true) {
        self.description = description
        self.isPermanent = isPermanent
    }
}

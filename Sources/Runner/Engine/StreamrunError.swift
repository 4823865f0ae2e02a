/// The engine's one error, thrown by the runner, its stores' lookups and every transport (the
/// embedded log, Kafka): what went wrong, and a code a program branches on.
public struct StreamrunError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        /// The operation failed; nothing more is known.
        case failed
        /// This member is no longer part of the group generation its partitions came from (a
        /// rebalance is under way or it was expelled): its partitions may belong to another member.
        case notMember
        /// Another producer with the same transactional id took over: this one may not write again.
        case fenced
        /// The open transaction was aborted: none of its records or offsets take effect.
        case transactionAborted
        /// The topic is not one the topology declares.
        case unknownTopic
        /// A record whose key and value together are larger than the transport carries (Kafka's
        /// `message.max.bytes`, the embedded log's record limit), refused before it is produced.
        case recordTooLarge(topic: String, bytes: Int, limit: Int)
        /// Stores whose recorded types the topology no longer reads: startup stops.
        case storeTypesChanged(stores: [String])
        /// A lookup named a store the topology does not have.
        case unknownStore
        /// A lookup's key cannot be written with the store's key serde.
        case badKey
        /// The store's copy for the key is not open here yet (restoring, or its owner is unknown).
        case notReady
        /// Another instance owns the key; the lookup belongs at `ownerURL`.
        case remote(ownerURL: String)
        /// A record could not be read because something its serde needs cannot be reached now (a
        /// schema registry that is down), before it touched anything: it is read again later.
        case inputUnavailable
    }

    public let code: Code
    public let description: String

    public init(_ description: String, code: Code = .failed) {
        self.description = description
        self.code = code
    }

    /// Whether a transport reported it (a write, a commit, the group's state), as opposed to the
    /// engine's own checks: a commit stops on the first and fails only its tasks on the others.
    var isTransportFailure: Bool {
        switch code {
        case .failed, .notMember, .fenced, .transactionAborted: true
        case .unknownTopic, .recordTooLarge, .storeTypesChanged, .unknownStore, .badKey, .notReady, .remote,
            .inputUnavailable:
            false
        }
    }

    /// A record of `bytes` (key and value) refused for `topic` before it was produced.
    static func recordTooLarge(topic: String, bytes: Int, limit: Int) -> StreamrunError {
        StreamrunError(
            "a record of \(bytes) bytes (key and value) for topic '\(topic)' exceeds the transport's limit of "
                + "\(limit) bytes", code: .recordTooLarge(topic: topic, bytes: bytes, limit: limit))
    }
}

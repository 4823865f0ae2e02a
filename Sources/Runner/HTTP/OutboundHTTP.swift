package import AsyncHTTPClient
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// The HTTP client of a runner's outbound requests (queries forwarded to a key's owner, the schema
/// registry client): AsyncHTTPClient on NIO's shared event loops, pooling up to
/// `connectionsPerHost` connections to each host, so that concurrent queries forwarded to one owner
/// do not queue behind each other. Like `HTTPClient.shared` (whose pool keeps 8 per host and takes
/// no configuration) it lives as long as the process.
package enum OutboundHTTP {
    package static let connectionsPerHost = 64

    package static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        // An idle connection is dropped before a peer with the default idle timeout (30 s) drops it.
        configuration.connectionPool = .init(
            idleTimeout: .seconds(20), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        // A peer that refuses the connection is down: say so at once (a 502 for a forwarded query,
        // an unreachable registry that the engine retries after its backoff), rather than retry
        // until the request's deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Whether `error` says the connection was closed under the request before any answer came: the
    /// peer closed it (an idle timeout, a restart) as the request was written.
    package static func isClosedConnection(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError { return error == .remoteConnectionClosed }
        if let error = error as? ChannelError { return error == .ioOnClosedChannel || error == .outputClosed }
        if let error = error as? IOError { return error.errnoCode == ECONNRESET || error.errnoCode == EPIPE }
        return false
    }

    /// Whether `error` says the peer took too long (no connection, or no answer, in time).
    package static func isTimeout(_ error: any Error) -> Bool {
        guard let error = error as? HTTPClientError else { return false }
        return error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
    }
}

package import AsyncHTTPClient
import NIOCore

/// The HTTP client of a runner's outbound requests (queries forwarded to a key's owner, the schema
/// registry client): AsyncHTTPClient on NIO's shared event loops, pooling up to
/// `connectionsPerHost` connections to each host, so that concurrent queries forwarded to one owner
/// do not queue behind each other. Like `HTTPClient.shared` (whose pool keeps 8 per host and takes
/// no configuration) it lives as long as the process.
package enum OutboundHTTP {
    package static let connectionsPerHost = 64

    package static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        // A peer that refuses the connection is down: say so at once (a 502 for a forwarded query,
        // an unreachable registry that the engine retries after its backoff), rather than retry
        // until the request's deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Whether `error` says the peer took too long (no connection, or no answer, in time).
    package static func isTimeout(_ error: any Error) -> Bool {
        guard let error = error as? HTTPClientError else { return false }
        return error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
    }
}

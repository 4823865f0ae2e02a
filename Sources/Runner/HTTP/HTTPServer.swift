public import Hummingbird
import HummingbirdCore
public import Logging
public import StreamrunEngine
public import TopologyDSL

/// The HTTP API of a runner: the topology's commands and queries plus the operational endpoints.
public enum HTTPServer {
    /// A router with every route of `runner`; a custom app may add its own before building the
    /// application. Throws when two endpoints share a route or one lies on a built-in endpoint.
    public static func router(for runner: StreamRunner) throws(TopologyErrors) -> Router<BasicRequestContext> {
        let conflicts = RouteConflicts.find(in: RouteConflicts.routes(of: runner.graph.http))
        guard conflicts.isEmpty else { throw TopologyErrors(conflicts) }
        let router = Router()
        router.add(middleware: JSONErrorMiddleware())  // first, so that it wraps every route and the 404
        CommandRoutes(runner: runner).register(on: router)
        QueryRoutes(runner: runner).register(on: router)
        OperationalRoutes(runner: runner).register(on: router)
        return router
    }

    /// The Hummingbird application serving `router` on `host:port`. A request whose bytes stop
    /// arriving for `idleTimeoutSeconds` (in its head or body), or that has not all arrived after
    /// `readTimeoutSeconds`, is answered 408 and its connection closed; a connection idle between
    /// requests for `idleTimeoutSeconds` is closed. A request that is not valid HTTP/1.1 is a JSON 400.
    public static func application(
        router: Router<BasicRequestContext>, host: String, port: Int,
        idleTimeoutSeconds: Double = 30, readTimeoutSeconds: Double = 60,
        logger: Logger
    ) -> some ApplicationProtocol {
        let limits = ConnectionGuard.Limits(
            idleTimeout: .nanoseconds(Int64(idleTimeoutSeconds * 1e9)),
            readTimeout: .nanoseconds(Int64(readTimeoutSeconds * 1e9)))
        return Application(
            router: router,
            server: HTTPServerBuilder { responder in
                GuardedHTTP1Channel(http1: HTTP1Channel(responder: responder), limits: limits)
            },
            configuration: .init(address: .hostname(host, port: port), serverName: "streamrun"),
            onServerRunning: { channel in
                logger.info("HTTP API listening on \(channel.localAddress?.description ?? "\(host):\(port)")")
            }, logger: logger)
    }
}

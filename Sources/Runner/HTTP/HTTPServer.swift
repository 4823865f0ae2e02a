import Hummingbird
import Logging
import TopologyDSL

/// The HTTP API of a runner: the topology's commands and queries plus the operational endpoints.
public enum HTTPServer {
    /// A router with every route of `runner`; a custom app may add its own before building the
    /// application. Throws when two endpoints share a route or one lies on a built-in endpoint.
    public static func router(for runner: StreamRunner) throws(GraphErrors) -> Router<BasicRequestContext> {
        let conflicts = RouteConflicts.find(in: RouteConflicts.routes(of: runner.graph.http))
        guard conflicts.isEmpty else { throw GraphErrors(conflicts) }
        let router = Router()
        router.add(middleware: JSONErrorMiddleware())  // first, so that it wraps every route and the 404
        CommandRoutes(runner: runner).register(on: router)
        QueryRoutes(runner: runner).register(on: router)
        OperationalRoutes(runner: runner).register(on: router)
        return router
    }

    /// The Hummingbird application serving `router` on `host:port`. A connection that sends
    /// nothing for `idleTimeoutSeconds` (between requests, or in the middle of a request's head or
    /// body) is closed; nil keeps idle connections open.
    public static func application(router: Router<BasicRequestContext>, host: String, port: Int,
                                   idleTimeoutSeconds: Double? = nil, logger: Logger) -> some ApplicationProtocol {
        Application(router: router,
                    server: .http1(configuration: .init(idleTimeout: idleTimeoutSeconds.map { .nanoseconds(Int64($0 * 1e9)) })),
                    configuration: .init(address: .hostname(host, port: port), serverName: "streamrun"),
                    onServerRunning: { channel in
                        logger.info("HTTP API listening on \(channel.localAddress?.description ?? "\(host):\(port)")")
                    }, logger: logger)
    }
}

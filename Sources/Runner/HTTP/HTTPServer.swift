import Hummingbird
import Logging
import TopologyDSL

/// The HTTP API of a runner: the topology's commands and queries plus the operational endpoints.
public enum HTTPServer {
    /// A router with every route of `runner`; a custom app may add its own before building the application.
    public static func router(for runner: StreamRunner) -> Router<BasicRequestContext> {
        let router = Router()
        CommandRoutes(runner: runner).register(on: router)
        QueryRoutes(runner: runner).register(on: router)
        OperationalRoutes(runner: runner).register(on: router)
        return router
    }

    /// The Hummingbird application serving `router` on `host:port`.
    public static func application(router: Router<BasicRequestContext>, host: String, port: Int,
                                   logger: Logger) -> some ApplicationProtocol {
        Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "streamrun"),
                    onServerRunning: { channel in
                        logger.info("HTTP API listening on \(channel.localAddress?.description ?? "\(host):\(port)")")
                    }, logger: logger)
    }
}

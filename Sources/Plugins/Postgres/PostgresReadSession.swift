import StreamrunSinkTables
internal import PostgresNIO
import TopologyDSL

/// The connection a table's lookups share, on postgres-nio's async API: opened on first use and
/// dropped after a failure of the connection (not after the server's answer to a query, nor a
/// cancelled lookup), so that the next lookup reconnects. Lookups run concurrently on it
/// (postgres-nio queues them on the connection); none blocks a thread while it waits.
actor PostgresReadSession {
    /// An open connection, and whether a lookup's deadline closed it.
    private final class Open: Sendable {
        let connection: PostgresConnection
        /// The timeout that ran out on this connection, once one has.
        let expired = Locked<Duration?>(nil)

        init(_ connection: PostgresConnection) { self.connection = connection }
    }

    private let address: PostgresAddress
    private let loop: PostgresEventLoop
    private let logger: Logger
    /// The connection, or its opening while it is under way.
    private var connection: Task<Open, any Error>?

    init(address: PostgresAddress, loop: PostgresEventLoop) {
        self.address = address
        self.loop = loop
        var logger = Logger(label: "streamrun.postgres")
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit { connection.map { Self.close($0, keeping: loop) } }

    /// The rows `query` selects. A failure other than the server's answer drops the connection.
    ///
    /// A query the server has not answered within `timeout` fails with `.unreachable`, and the
    /// connection is closed under it: every other lookup waiting on that connection fails the same
    /// way then, so a server that stops answering holds a lookup `timeout` at most. (Opening a
    /// connection has a deadline of its own, `PostgresAddress`'s connect timeout.)
    func rows(_ query: PostgresQuery, within timeout: Duration) async throws -> [PostgresRow] {
        var current = self.current()
        var open: Open?
        do {
            open = try await current.value
            // Closed since its last use (the server went away): postgres-nio would never answer a query
            // sent on it. (One closed between this check and the query's write is closed again by the deadline.)
            if open?.connection.isClosed == true {
                drop(current)
                current = self.current()
                open = try await current.value
            }
            return try await Self.rows(query, on: open!, within: timeout, logger: logger)
        } catch {
            // A server's answer leaves the connection usable; so does a lookup cancelled by its caller.
            if (error as? PSQLError)?.code != .server, !(error is CancellationError), !Task.isCancelled {
                drop(current)
            }
            if let expired = open?.expired.withLock({ $0 }) {
                throw PostgresSinkError("the server did not answer within \(expired)", code: .unreachable)
            }
            throw error
        }
    }

    private static func rows(_ query: PostgresQuery, on open: Open, within timeout: Duration, logger: Logger)
        async throws -> [PostgresRow]
    {
        let connection = open.connection
        let deadline = connection.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            open.expired.withLock { $0 = $0 ?? timeout }
            _ = connection.close() as EventLoopFuture<Void>
        }
        defer { deadline.cancel() }
        return try await connection.query(query, logger: logger).collect()
    }

    private func drop(_ current: Task<Open, any Error>) {
        guard connection == current else { return }
        connection = nil
        Self.close(current, keeping: loop)
    }

    private func current() -> Task<Open, any Error> {
        if let connection { return connection }
        let (loop, configuration, logger) = (self.loop, address.configuration, self.logger)
        let opening = Task {
            Open(
                try await PostgresConnection.connect(on: loop.next, configuration: configuration, id: 2, logger: logger)
            )
        }
        connection = opening
        return opening
    }

    /// Closes a connection (once it is open) without waiting; its event loop is kept alive until then.
    private static func close(_ connection: Task<Open, any Error>, keeping loop: PostgresEventLoop) {
        Task {
            try? await connection.value.connection.close()
            withExtendedLifetime(loop) {}
        }
    }
}

import Plugins
internal import PostgresNIO

/// The connection a table's lookups share, on postgres-nio's async API: opened on first use and
/// dropped after a failure of the connection (not after the server's answer to a query, nor a
/// cancelled lookup), so that the next lookup reconnects. Lookups run concurrently on it
/// (postgres-nio queues them on the connection); none blocks a thread while it waits.
actor PostgresReadSession {
    private let address: PostgresAddress
    private let loop: PostgresEventLoop
    private let logger: Logger
    /// The connection, or its opening while it is under way.
    private var connection: Task<PostgresConnection, any Error>?

    init(address: PostgresAddress, loop: PostgresEventLoop) {
        self.address = address
        self.loop = loop
        var logger = Logger(label: "streamrun.postgres")
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit { connection.map { Self.close($0, keeping: loop) } }

    /// The rows `query` selects. A failure other than the server's answer drops the connection.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        var current = self.current()
        do {
            var connection = try await current.value
            // Closed since its last use (the server went away): postgres-nio would never answer a query
            // sent on it. (One closed between this check and the query's write still waits: see the README.)
            if connection.isClosed {
                drop(current)
                current = self.current()
                connection = try await current.value
            }
            return try await connection.query(query, logger: logger).collect()
        } catch {
            // A server's answer leaves the connection usable; so does a lookup cancelled by its caller.
            if (error as? PSQLError)?.code != .server, !(error is CancellationError), !Task.isCancelled {
                drop(current)
            }
            throw error
        }
    }

    private func drop(_ current: Task<PostgresConnection, any Error>) {
        guard connection == current else { return }
        connection = nil
        Self.close(current, keeping: loop)
    }

    private func current() -> Task<PostgresConnection, any Error> {
        if let connection { return connection }
        let (loop, configuration, logger) = (self.loop, address.configuration, self.logger)
        let opening = Task {
            try await PostgresConnection.connect(on: loop.next, configuration: configuration, id: 2, logger: logger)
        }
        connection = opening
        return opening
    }

    /// Closes a connection (once it is open) without waiting; its event loop is kept alive until then.
    private static func close(_ connection: Task<PostgresConnection, any Error>, keeping loop: PostgresEventLoop) {
        Task {
            try? await connection.value.close()
            withExtendedLifetime(loop) {}
        }
    }
}

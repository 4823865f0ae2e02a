internal import Foundation
import StreamrunSinkTables
internal import PostgresNIO

/// The writer's connection to PostgreSQL, opened on first use and reopened after a failure;
/// statement sequences run one at a time under a lock, each blocking its caller (a stream thread).
// @unchecked Sendable: `connection` is read and written, and `prepare` run, only under `lock` (deinit holds the last
// reference); the other fields are `let`.
final class PostgresSession: @unchecked Sendable {
    private let address: PostgresAddress
    private let loop: PostgresEventLoop
    /// Runs once on each new connection (e.g. `CREATE TABLE IF NOT EXISTS`).
    private let prepare: (PostgresConnection) throws -> Void
    private let logger: Logger
    private let lock = NSLock()
    private var connection: PostgresConnection?

    init(address: PostgresAddress, loop: PostgresEventLoop, prepare: @escaping (PostgresConnection) throws -> Void) {
        self.address = address
        self.loop = loop
        self.prepare = prepare
        var logger = Logger(label: "streamrun.postgres")
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit { connection.map(close) }

    /// Runs `body` on the connection (opening it if needed); any error drops the connection, so the
    /// next call starts over on a fresh one (and no transaction is left half open).
    func withConnection<T>(_ body: (PostgresConnection, Logger) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            let connection = try open()
            return try body(connection, logger)
        } catch {
            if let connection { close(connection) }
            connection = nil
            throw error
        }
    }

    /// Closes a connection without waiting; the connection (which must not be released before it
    /// is closed) and its event loop are kept alive until then.
    private func close(_ connection: PostgresConnection) {
        let loop = self.loop
        let closed: EventLoopFuture<Void> = connection.close()
        closed.whenComplete { _ in withExtendedLifetime((connection, loop)) {} }
    }

    private func open() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        if let connection { close(connection) }
        connection = nil
        let opened = try PostgresConnection.connect(
            on: loop.next, configuration: address.configuration, id: 1, logger: logger
        ).wait()
        connection = opened
        try prepare(opened)
        return opened
    }
}

import StreamrunSinkTables
internal import PostgresNIO

/// The one event-loop thread the `postgres` sink's connections run on; shut down when the last
/// table using it is gone. Writes wait on its futures from stream threads; lookups await it.
final class PostgresEventLoop: Sendable {
    let group: MultiThreadedEventLoopGroup

    init() { group = MultiThreadedEventLoopGroup(numberOfThreads: 1) }

    var next: any EventLoop { group.next() }

    deinit { group.shutdownGracefully { _ in } }
}

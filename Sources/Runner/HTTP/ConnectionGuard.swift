import NIOCore
import NIOHTTP1
import TopologyDSL

/// One connection's answers to slow clients and unparseable requests, on its event loop: a request
/// whose bytes stop arriving for `idleTimeout` (in its head or its body), or that is still not all
/// there after `readTimeout`, is answered 408 and the connection closed; a connection idle between
/// requests is closed without an answer; a request the HTTP decoder cannot parse is answered 400.
/// Both answers are JSON. It sits right after the decoder; `ConnectionBytesWatcher` tells it when
/// bytes arrive (also those of a head not decoded yet).
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    struct Limits: Sendable {
        /// The longest a connection may send nothing, between requests or in the middle of one.
        var idleTimeout: TimeAmount
        /// The longest one request (head and body) may take to arrive, however steadily it trickles.
        var readTimeout: TimeAmount
    }

    private let limits: Limits
    private var lastActivity = NIODeadline.now()
    /// When the first byte of the request being received arrived; nil while no request is partly here.
    private var receivingSince: NIODeadline?
    /// Whether the request being received has been answered already (e.g. 413 before its body ended).
    private var answeredWhileReceiving = false
    /// Requests whose head was read and whose response has not ended.
    private var unanswered = 0
    private var timer: Scheduled<Void>?
    private var closing = false

    init(limits: Limits) {
        self.limits = limits
    }

    /// Bytes arrived from the client (before the decoder has seen them).
    func bytesArrived() {
        lastActivity = .now()
        if receivingSince == nil { receivingSince = lastActivity }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, at: lastActivity + limits.idleTimeout) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, at: .now() + limits.idleTimeout)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            answeredWhileReceiving = false
            if receivingSince == nil { receivingSince = .now() }
        case .body: break
        case .end: receivingSince = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: if receivingSince != nil { answeredWhileReceiving = true }
        case .body: break
        case .end:
            unanswered = max(0, unanswered - 1)
            lastActivity = .now()
            arm(context, at: lastActivity + limits.idleTimeout)
        }
        context.write(data, promise: promise)
    }

    /// A request line or head the decoder refuses is answered here, as JSON (unless a response is
    /// under way: then the error goes on to the request's handler, which is reading its body).
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError, unanswered == 0, !closing else { return context.fireErrorCaught(error) }
        answer(context, .badRequest, "the request is not valid HTTP/1.1: \(error)")
    }

    private func arm(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in expire(context) }
    }

    private func expire(_ context: ChannelHandlerContext) {
        timer = nil
        guard !closing else { return }
        // A request read to its end is being answered: its response's end re-arms the timer.
        if receivingSince == nil && unanswered > 0 { return }
        var deadline = lastActivity + limits.idleTimeout
        if let since = receivingSince { deadline = min(deadline, since + limits.readTimeout) }
        guard NIODeadline.now() >= deadline else { return arm(context, at: deadline) }
        guard let since = receivingSince, !answeredWhileReceiving else {
            closing = true
            return context.close(promise: nil)
        }
        let stalled = lastActivity + limits.idleTimeout <= since + limits.readTimeout
        answer(
            context, .requestTimeout,
            stalled
                ? "the request stalled: nothing arrived for \(Self.seconds(limits.idleTimeout)) s"
                : "the request did not arrive within \(Self.seconds(limits.readTimeout)) s")
    }

    /// Writes a JSON error response with `Connection: close`, then closes.
    private func answer(_ context: ChannelHandlerContext, _ status: HTTPResponseStatus, _ message: String) {
        closing = true
        let body = JSONWriter.encode(.record(Fields([("error", .string(message))])))
        let headers = HTTPHeaders([
            ("Content-Type", "application/json"), ("Content-Length", String(body.count)),
            ("Connection", "close"),
        ])
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let seconds = Double(amount.nanoseconds) / 1e9
        return seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// Sits first in the pipeline and tells the connection's guard whenever bytes arrive.
final class ConnectionBytesWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private let guardHandler: ConnectionGuard

    init(_ guardHandler: ConnectionGuard) {
        self.guardHandler = guardHandler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guardHandler.bytesArrived()
        context.fireChannelRead(data)
    }
}

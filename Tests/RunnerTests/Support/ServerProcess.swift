import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The real `streamrun` binary running a topology file on a free port, driven over HTTP.
final class ServerProcess: @unchecked Sendable {
    let port: Int
    let dataDirectory: String
    private var process: SpawnedProcess!
    let logPath: String

    static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }

    /// The built CLI: `STREAMRUN_BIN`, or the one next to the test bundle.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["STREAMRUN_BIN"] { return path }
        return product("streamrun")
    }

    /// A product built next to the test bundle (the `streamrun` CLI or an example app).
    static func product(_ name: String) -> String {
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: bundle) { return bundle }
        return packageRoot.appendingPathComponent(".build/debug/\(name)").path
    }

    private init(
        topology: String, dataDirectory: String?, port: Int?, arguments: [String], executable: String?,
        command: [String]?, environment: [String: String]
    ) throws {
        self.port = port ?? LoopbackPort.free()
        self.dataDirectory = dataDirectory ?? TemporaryDirectory.make()
        logPath = self.dataDirectory + ".log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process = try SpawnedProcess(
            executable: executable ?? Self.binary,
            arguments: (command ?? ["run", Self.packageRoot.appendingPathComponent(topology).path]) + [
                "--host", "127.0.0.1",
                "--port", String(self.port), "--data-dir", self.dataDirectory,
            ] + arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
            directory: Self.packageRoot.path, outputPath: logPath)
    }

    /// Starts the binary and waits until `readyPath` (`/ready`, or `/health` for a server that
    /// cannot be ready yet) answers 200; generously, as the whole suite runs in parallel on two cores.
    static func start(
        topology: String = "topologies/sellable.yaml", dataDirectory: String? = nil,
        port: Int? = nil, arguments: [String] = [], readyWithin seconds: Double = 60, readyPath: String = "/ready",
        executable: String? = nil, command: [String]? = nil,
        environment: [String: String] = [:]
    ) async throws -> ServerProcess {
        let server = try ServerProcess(
            topology: topology, dataDirectory: dataDirectory, port: port, arguments: arguments,
            executable: executable, command: command, environment: environment)
        do {
            try await Eventually.wait("server ready", seconds: seconds) {
                (try? await server.get(readyPath).status) == 200
            }
        } catch {
            server.kill()  // never leave a server behind when a test gives up on it
            throw Eventually.Timeout(description: "\(error); its output:\n\(server.output)")
        }
        return server
    }

    var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM and waits for a clean exit; returns the exit status.
    @discardableResult
    func terminate() -> Int32 {
        process.send(SIGTERM)
        return process.waitUntilExit()
    }

    /// Kills the process with SIGKILL (once: an exited process's id may belong to another by now).
    func kill() {
        process.send(SIGKILL)
        process.waitUntilExit()
    }

    var isRunning: Bool { process.isRunning }

    struct Reply {
        let status: Int
        let body: String
        let headers: [String: String]
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        }
    }

    func get(_ path: String) async throws -> Reply { try await request("GET", path) }

    func post(_ path: String, _ body: String, contentType: String? = "application/json") async throws -> Reply {
        try await request("POST", path, body: Data(body.utf8), contentType: contentType)
    }

    func request(
        _ method: String, _ path: String, body: Data? = nil, contentType: String? = nil,
        port: Int? = nil, headers: [String: String] = [:]
    ) async throws -> Reply {
        try await HTTPRequest.send(
            method, port: port ?? self.port, path, body: body, contentType: contentType, headers: headers)
    }
}

/// One HTTP request to a server on loopback, through AsyncHTTPClient. (Not URLSession: on Linux its
/// libcurl sockets live in DispatchSources whose teardown races the socket's close, and a test run
/// full of refused and reset connections, as the kill tests make, died of it in libdispatch:
/// swift-corelibs-foundation issue 4791.)
enum HTTPRequest {
    /// Connections are not retried: a server that is down is an error at once, as for a user's client.
    /// Up to 256 at once to one server, so that tests can keep many requests hanging beside others.
    /// A pooled connection is dropped after half a second unused, before the shortest idle timeout a
    /// test gives a server (1 s): a request written just as the server closes an idle connection
    /// fails with "I/O on closed channel", and HTTP/1.1 gives a client no way to tell whether a POST
    /// sent then was received, so the pool must not keep a connection the server may close.
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.idleTimeout = .milliseconds(500)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 256
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// The server refused the connection (or none could be made): nothing was sent.
    struct CannotConnect: Error, CustomStringConvertible { let description: String }

    /// `freshConnection` sends `Connection: close`, so a request is never retried on a reused
    /// connection that broke (which could deliver it twice without the caller knowing).
    static func send(
        _ method: String, port: Int, _ path: String, body: Data? = nil, contentType: String? = nil,
        timeout: TimeInterval = 10, freshConnection: Bool = false,
        headers: [String: String] = [:]
    ) async throws -> ServerProcess.Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = HTTPMethod(rawValue: method)
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        if let contentType { request.headers.replaceOrAdd(name: "Content-Type", value: contentType) }
        if freshConnection { request.headers.replaceOrAdd(name: "Connection", value: "close") }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
        } catch let error as NIOConnectionError {
            throw CannotConnect(description: "\(error)")
        }
        let bytes = try await response.body.collect(upTo: 64 << 20)
        var replyHeaders: [String: String] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            replyHeaders[key] = replyHeaders[key].map { $0 + ", " + value } ?? value
        }
        return ServerProcess.Reply(
            status: Int(response.status.code), body: String(buffer: bytes), headers: replyHeaders)
    }
}

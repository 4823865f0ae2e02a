import Foundation

/// `streamrun schema-registry` (the real binary) on a loopback port, keeping its schemas in its own
/// data directory, so it can be stopped and started again with the same ids.
final class SchemaRegistryProcess: @unchecked Sendable {
    let port: Int
    let directory: String
    private let process: SpawnedProcess
    var url: String { "http://127.0.0.1:\(port)" }

    private init(directory: String, port: Int) throws {
        self.directory = directory
        self.port = port
        // Appended to: a registry started again on the same directory adds to the same log.
        process = try SpawnedProcess(
            executable: ServerProcess.binary,
            arguments: ["schema-registry", "--port", String(port), "--host", "127.0.0.1", "--data-dir", directory],
            outputPath: directory + ".log")
    }

    /// Starts the registry and waits until it accepts connections.
    static func start(directory: String, port: Int = LoopbackPort.free()) async throws -> SchemaRegistryProcess {
        let registry = try SchemaRegistryProcess(directory: directory, port: port)
        do {
            try await Eventually.wait("schema registry up", seconds: 60) { LoopbackPort.accepts(port) }
        } catch {
            registry.stop()
            throw error
        }
        return registry
    }

    /// Stops it (SIGTERM) and waits until it has exited: nothing listens on `port` afterwards.
    func stop() {
        guard process.isRunning else { return }
        process.send(SIGTERM)
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Registers `schema` under `subject`, as another client would; returns its id.
    func register(_ schema: String, subject: String) async throws -> Int32 {
        let body = try JSONSerialization.data(withJSONObject: ["schema": schema])
        let reply = try await HTTPRequest.send(
            "POST", port: port, "/subjects/\(subject)/versions", body: body,
            contentType: "application/vnd.schemaregistry.v1+json")
        guard reply.status == 200, let id = reply.json?["id"] as? Int else {
            throw Eventually.Timeout(
                description: "registering under \(subject) answered \(reply.status): \(reply.body)")
        }
        return Int32(id)
    }
}

import Foundation
import Testing

/// The whole CQRS demo in one process: the calculator and the query-side service (its table in
/// SQLite) over the same embedded log, checked as the original's integration test did.
@Suite(.serialized) struct SellableServiceTests {
    func counts(_ server: ServerProcess, _ ports: [Int], equal expected: Int) async throws {
        try await Eventually.wait("every endpoint says \(expected)", seconds: 15) {
            for port in ports {
                let reply = try await server.request("GET", "/inventory/locations/STL/skus/cqrs", port: port)
                if reply.json?["count"] as? Int != expected { return false }
            }
            return true
        }
    }

    @Test func adjustThenReserveAndEveryEndpointAgrees() async throws {
        let directory = TemporaryDirectory.make()
        let server = try await ServerProcess.start(
            command: ["run", "topologies/sellable.yaml", "topologies/sellable-service.yaml"],
            environment: ["SELLABLE_DB": directory + "/service.db"])
        defer { server.terminate() }
        let ports = [server.port, server.port + 1]
        #expect(try await server.post("/inventory/adjustment", #"{"locationId":"STL","sku":"cqrs","count":"100"}"#).status == 200)
        try await counts(server, ports, equal: 100)
        #expect(try await server.post("/inventory/reservation", #"{"locationId":"STL","sku":"cqrs","count":10}"#).status == 200)
        try await counts(server, ports, equal: 90)
        #expect(try await server.request("GET", "/inventory/locations/STL/skus/unknown", port: ports[1]).status == 404)
    }

    @Test func anUnsetVariableWithoutADefaultIsAPositionedError() throws {
        let path = TemporaryDirectory.make() + "/env.yaml"
        try "application: a\nkafka:\n  bootstrap: ${STREAMRUN_TEST_UNSET_VARIABLE}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        process.arguments = ["validate", path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(output.contains("\(path):3:14: error: environment variable STREAMRUN_TEST_UNSET_VARIABLE is not set"), "\(output)")
    }
}

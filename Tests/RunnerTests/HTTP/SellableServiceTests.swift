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
        #expect(
            try await server.post("/inventory/adjustment", #"{"locationId":"STL","sku":"cqrs","count":"100"}"#).status
                == 200)
        try await counts(server, ports, equal: 100)
        #expect(
            try await server.post("/inventory/reservation", #"{"locationId":"STL","sku":"cqrs","count":10}"#).status
                == 200)
        try await counts(server, ports, equal: 90)
        #expect(try await server.request("GET", "/inventory/locations/STL/skus/unknown", port: ports[1]).status == 404)
    }

    @Test func anUnsetVariableWithoutADefaultIsAPositionedError() throws {
        let path = TemporaryDirectory.make() + "/env.yaml"
        try "application: a\nkafka:\n  bootstrap: ${STREAMRUN_TEST_UNSET_VARIABLE}\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let outcome = try SpawnedProcess.capture(ServerProcess.binary, ["validate", path])
        let output = outcome.stderr
        #expect(outcome.status == 1)
        #expect(
            output.contains("\(path):3:14: error: environment variable STREAMRUN_TEST_UNSET_VARIABLE is not set"),
            "\(output)")
    }
}

/// The same demo with the service's table in a real PostgreSQL, which is also stopped and started
/// again while commands keep arriving.
@Suite(.serialized) struct SellablePostgresServiceTests {
    @Test func theServiceCatchesUpAfterPostgreSQLComesBack() async throws {
        let postgres = try TemporaryPostgres()
        let server = try await ServerProcess.start(
            command: ["run", "topologies/sellable.yaml", "topologies/sellable-service.yaml"],
            environment: ["SELLABLE_SINK": "postgres", "POSTGRES_URL": postgres.url])
        defer { server.terminate() }
        let ports = [server.port, server.port + 1]
        func counts(_ sku: String, _ expected: Int, seconds: Double = 20) async throws {
            try await Eventually.wait("\(sku) = \(expected) everywhere", seconds: seconds) {
                for port in ports {
                    let reply = try await server.request("GET", "/inventory/locations/PG/skus/\(sku)", port: port)
                    if reply.json?["count"] as? Int != expected { return false }
                }
                return true
            }
        }
        #expect(
            try await server.post("/inventory/adjustment", #"{"locationId":"PG","sku":"1","count":"100"}"#).status
                == 200)
        try await counts("1", 100)
        #expect(
            try await server.post("/inventory/reservation", #"{"locationId":"PG","sku":"1","count":10}"#).status == 200)
        try await counts("1", 90)
        #expect(try postgres.psql("SELECT count(*) FROM sellable_inventory").contains("1"))

        try postgres.stop()
        for sku in ["2", "3", "4"] {
            #expect(
                try await server.post("/inventory/adjustment", #"{"locationId":"PG","sku":"\#(sku)","count":7}"#).status
                    == 200)
        }
        #expect(
            try await server.post("/inventory/reservation", #"{"locationId":"PG","sku":"1","count":5}"#).status == 200)
        try await Task.sleep(for: .seconds(2))
        try postgres.start()
        for sku in ["2", "3", "4"] { try await counts(sku, 7, seconds: 30) }
        try await counts("1", 85, seconds: 30)
    }
}

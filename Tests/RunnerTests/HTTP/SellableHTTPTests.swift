import Foundation
import Testing

/// The reference workload's HTTP contract, against the real `streamrun` binary.
@Suite(.serialized) struct SellableHTTPTests {
    static let adjust = "/inventory/adjustment", reserve = "/inventory/reservation"
    static func query(_ location: String, _ sku: String) -> String { "/inventory/locations/\(location)/skus/\(sku)" }

    func count(_ server: ServerProcess, _ location: String, _ sku: String, equals expected: Int) async throws
        -> ServerProcess.Reply
    {
        var reply = try await server.get(Self.query(location, sku))
        try? await Eventually.wait("count \(expected)") {
            reply = try await server.get(Self.query(location, sku))
            return reply.status == 200 && (reply.json?["count"] as? Int) == expected
        }
        return reply
    }

    /// `streamrun_records_processed_total` from `/metrics`.
    static func processed(_ server: ServerProcess) async throws -> Int? {
        let line = try await server.get("/metrics").body.split(separator: "\n")
            .first { $0.hasPrefix("streamrun_records_processed_total ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "").map { Int($0) } }
    }

    @Test func adjustReserveAndQueryAsTheOriginalsUsersDid() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        let adjusted = try await server.post(Self.adjust, #"{"locationId":"STL","sku":"123123","count":"100"}"#)
        #expect(adjusted.status == 200)
        #expect(
            adjusted.body.range(
                of: #"^Updated Inventory \[inventory_adjustment-[0-2]@[0-9]+\]$"#, options: .regularExpression) != nil)
        let first = try await count(server, "STL", "123123", equals: 100)
        #expect(first.body == #"{"locationId":"STL","sku":"123123","count":100}"#)
        #expect(first.headers["content-type"]?.hasPrefix("application/json") == true)
        let reserved = try await server.post(Self.reserve, #"{"location":"STL","sku":"123123","count":10}"#)
        #expect(reserved.status == 200)
        #expect(
            reserved.body.range(
                of: #"^Inventory Reservation requested on Partition \{[0-2]\}$"#, options: .regularExpression) != nil)
        #expect(try await count(server, "STL", "123123", equals: 90).json?["count"] as? Int == 90)
        #expect(try await server.post(Self.reserve, #"{"location":"STL","sku":"never","count":3}"#).status == 200)
        // All three records are processed: a reservation without an adjustment made no sellable count.
        try await Eventually.wait("three records processed") { try await Self.processed(server) == 3 }
        let unknown = try await server.get(Self.query("STL", "never"))
        #expect(unknown.status == 404)
        #expect(unknown.json?["error"] != nil)
    }

    @Test func badInputGetsAJSONErrorAndChangesNothing() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        #expect(try await server.post(Self.adjust, #"{"locationId":"BAD","sku":"1","count":5}"#).status == 200)
        _ = try await count(server, "BAD", "1", equals: 5)
        let cases: [(String, String?, Int, String?)] = [
            (#"{"locationId":"BAD","sku":"1","count":"#, "application/json", 400, nil),
            (#"{"locationId":"BAD","sku":"1","count":"ten"}"#, "application/json", 400, "count"),
            (#"{"locationId":"BAD","count":"1"}"#, "application/json", 400, "sku"),
            (#"[{"locationId":"BAD","sku":"1","count":"1"}]"#, "application/json", 400, nil),
            (#"{"locationId":"BAD","sku":"1","count":"1"}"#, "text/plain", 415, nil),
            (#"{"locationId":"BAD","sku":"1","count":99999999999}"#, "application/json", 400, "count"),
        ]
        for (body, type, status, field) in cases {
            let reply = try await server.post(Self.adjust, body, contentType: type)
            #expect(reply.status == status, "\(body) -> \(reply.status) \(reply.body)")
            #expect(reply.json?["error"] is String, "\(body) -> \(reply.body)")
            if let field { #expect(reply.json?["field"] as? String == field, "\(body) -> \(reply.body)") }
        }
        let huge =
            "{\"locationId\":\"BAD\",\"sku\":\"1\",\"count\":\"" + String(repeating: "9", count: 12 << 20) + "\"}"
        let tooLarge = try await server.post(Self.adjust, huge)
        #expect(tooLarge.status == 413)
        #expect(tooLarge.json?["error"] is String)
        // A marker after the refused bodies, on their key: once it is counted, any of them would have been.
        #expect(try await server.post(Self.adjust, #"{"locationId":"BAD","sku":"1","count":1}"#).status == 200)
        #expect(try await count(server, "BAD", "1", equals: 6).json?["count"] as? Int == 6)
        #expect(try await server.get("/health").status == 200)
    }

    @Test func operationalEndpoints() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        #expect(try await server.post(Self.adjust, #"{"locationId":"OPS","sku":"1","count":2}"#).status == 200)
        _ = try await count(server, "OPS", "1", equals: 2)
        let metrics = try await server.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("streamrun_records_processed_total 1"))
        #expect(metrics.body.contains("streamrun_commit_duration_seconds_count"))
        #expect(metrics.body.contains("streamrun_store_keys{store=\"sellable_inventory_store\""))
        let topology = try await server.get("/topology")
        #expect(topology.json?["application"] as? String == "sellableInventoryCalculator")
        #expect(try await server.get("/topology?format=mermaid").body.hasPrefix("flowchart LR"))
        let key = #"{"location":"OPS","sku":"1"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let lookup = try await server.get("/stores/sellable_inventory_store/keys/\(key)")
        #expect(lookup.body == #"{"key":{"location":"OPS","sku":"1"},"value":2}"#)
        #expect(try await server.get("/stores/nope/keys/x").status == 404)
        #expect(try await server.get("/stores/sellable_inventory_store/keys/not-json").status == 400)
    }

    @Test func sigtermAndSigkillRestartsKeepEveryAcknowledgedCommandExactlyOnce() async throws {
        let directory = TemporaryDirectory.make()
        var server = try await ServerProcess.start(dataDirectory: directory)
        for _ in 0..<20 {
            #expect(try await server.post(Self.adjust, #"{"locationId":"R","sku":"1","count":1}"#).status == 200)
        }
        #expect(try await server.post(Self.reserve, #"{"locationId":"R","sku":"1","count":5}"#).status == 200)
        _ = try await count(server, "R", "1", equals: 15)
        #expect(server.terminate() == 0)
        #expect(server.output.contains("stopped cleanly"))

        server = try await ServerProcess.start(dataDirectory: directory, port: server.port)
        #expect(try await count(server, "R", "1", equals: 15).json?["count"] as? Int == 15)
        for _ in 0..<30 {
            #expect(try await server.post(Self.adjust, #"{"locationId":"R","sku":"1","count":1}"#).status == 200)
        }
        server.kill()

        server = try await ServerProcess.start(dataDirectory: directory, port: server.port)
        defer { server.terminate() }
        #expect(try await count(server, "R", "1", equals: 45).json?["count"] as? Int == 45)
        // A marker after the replay: once it is counted, a command counted twice on restart would show.
        #expect(try await server.post(Self.adjust, #"{"locationId":"R","sku":"1","count":1}"#).status == 200)
        #expect(try await count(server, "R", "1", equals: 46).json?["count"] as? Int == 46)
    }
}

import Foundation
import Testing

/// The reference workload's HTTP contract, against the real `streamrun` binary.
@Suite(.serialized) struct SellableHTTPTests {
    static let adjust = "/inventory/adjustment", reserve = "/inventory/reservation"
    static func query(_ location: String, _ sku: String) -> String { "/inventory/locations/\(location)/skus/\(sku)" }

    func count(_ server: ServerProcess, _ location: String, _ sku: String, equals expected: Int) throws -> ServerProcess.Reply {
        var reply = try server.get(Self.query(location, sku))
        try? Eventually.wait("count \(expected)") {
            reply = try server.get(Self.query(location, sku))
            return reply.status == 200 && (reply.json?["count"] as? Int) == expected
        }
        return reply
    }

    @Test func adjustReserveAndQueryAsTheOriginalsUsersDid() throws {
        let server = try ServerProcess()
        defer { server.terminate() }
        let adjusted = try server.post(Self.adjust, #"{"locationId":"STL","sku":"123123","count":"100"}"#)
        #expect(adjusted.status == 200)
        #expect(adjusted.body.range(of: #"^Updated Inventory \[inventory_adjustment-[0-2]@[0-9]+\]$"#, options: .regularExpression) != nil)
        let first = try count(server, "STL", "123123", equals: 100)
        #expect(first.body == #"{"locationId":"STL","sku":"123123","count":100}"#)
        #expect(first.headers["content-type"]?.hasPrefix("application/json") == true)
        let reserved = try server.post(Self.reserve, #"{"location":"STL","sku":"123123","count":10}"#)
        #expect(reserved.status == 200)
        #expect(reserved.body.range(of: #"^Inventory Reservation requested on Partition \{[0-2]\}$"#, options: .regularExpression) != nil)
        #expect(try count(server, "STL", "123123", equals: 90).json?["count"] as? Int == 90)
        #expect(try server.post(Self.reserve, #"{"location":"STL","sku":"never","count":3}"#).status == 200)
        Thread.sleep(forTimeInterval: 0.5)
        let unknown = try server.get(Self.query("STL", "never"))
        #expect(unknown.status == 404)
        #expect(unknown.json?["error"] != nil)
    }

    @Test func badInputGetsAJSONErrorAndChangesNothing() throws {
        let server = try ServerProcess()
        defer { server.terminate() }
        #expect(try server.post(Self.adjust, #"{"locationId":"BAD","sku":"1","count":5}"#).status == 200)
        _ = try count(server, "BAD", "1", equals: 5)
        let cases: [(String, String?, Int, String?)] = [
            (#"{"locationId":"BAD","sku":"1","count":"#, "application/json", 400, nil),
            (#"{"locationId":"BAD","sku":"1","count":"ten"}"#, "application/json", 400, "count"),
            (#"{"locationId":"BAD","count":"1"}"#, "application/json", 400, "sku"),
            (#"[{"locationId":"BAD","sku":"1","count":"1"}]"#, "application/json", 400, nil),
            (#"{"locationId":"BAD","sku":"1","count":"1"}"#, "text/plain", 415, nil),
            (#"{"locationId":"BAD","sku":"1","count":99999999999}"#, "application/json", 400, "count"),
        ]
        for (body, type, status, field) in cases {
            let reply = try server.post(Self.adjust, body, contentType: type)
            #expect(reply.status == status, "\(body) -> \(reply.status) \(reply.body)")
            #expect(reply.json?["error"] is String, "\(body) -> \(reply.body)")
            if let field { #expect(reply.json?["field"] as? String == field, "\(body) -> \(reply.body)") }
        }
        let huge = "{\"locationId\":\"BAD\",\"sku\":\"1\",\"count\":\"" + String(repeating: "9", count: 12 << 20) + "\"}"
        let tooLarge = try server.post(Self.adjust, huge)
        #expect(tooLarge.status == 413)
        #expect(tooLarge.json?["error"] is String)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try server.get(Self.query("BAD", "1")).json?["count"] as? Int == 5)
        #expect(try server.get("/health").status == 200)
    }

    @Test func operationalEndpoints() throws {
        let server = try ServerProcess()
        defer { server.terminate() }
        #expect(try server.post(Self.adjust, #"{"locationId":"OPS","sku":"1","count":2}"#).status == 200)
        _ = try count(server, "OPS", "1", equals: 2)
        let metrics = try server.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("streamrun_records_processed_total 1"))
        #expect(metrics.body.contains("streamrun_commit_latency_seconds_sum"))
        #expect(metrics.body.contains("streamrun_store_keys{store=\"sellable_inventory_store\""))
        let topology = try server.get("/topology")
        #expect(topology.json?["application"] as? String == "sellableInventoryCalculator")
        #expect(try server.get("/topology?format=mermaid").body.hasPrefix("flowchart LR"))
        let key = #"{"location":"OPS","sku":"1"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let lookup = try server.get("/stores/sellable_inventory_store/keys/\(key)")
        #expect(lookup.body == #"{"key":{"location":"OPS","sku":"1"},"value":2}"#)
        #expect(try server.get("/stores/nope/keys/x").status == 404)
        #expect(try server.get("/stores/sellable_inventory_store/keys/not-json").status == 400)
    }

    @Test func sigtermAndSigkillRestartsKeepEveryAcknowledgedCommandExactlyOnce() throws {
        let directory = TemporaryDirectory.make()
        var server = try ServerProcess(dataDirectory: directory)
        for _ in 0..<20 { #expect(try server.post(Self.adjust, #"{"locationId":"R","sku":"1","count":1}"#).status == 200) }
        #expect(try server.post(Self.reserve, #"{"locationId":"R","sku":"1","count":5}"#).status == 200)
        _ = try count(server, "R", "1", equals: 15)
        #expect(server.terminate() == 0)
        #expect(server.output.contains("stopped cleanly"))

        server = try ServerProcess(dataDirectory: directory, port: server.port)
        #expect(try count(server, "R", "1", equals: 15).json?["count"] as? Int == 15)
        for _ in 0..<30 { #expect(try server.post(Self.adjust, #"{"locationId":"R","sku":"1","count":1}"#).status == 200) }
        server.kill()

        server = try ServerProcess(dataDirectory: directory, port: server.port)
        defer { server.terminate() }
        #expect(try count(server, "R", "1", equals: 45).json?["count"] as? Int == 45)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try server.get(Self.query("R", "1")).json?["count"] as? Int == 45)
    }
}

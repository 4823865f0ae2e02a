import Foundation
import Testing

/// The HTTP API under abuse, against the real `streamrun` binary: slow and stalled clients, many
/// connections, bodies at and past the limit, hostile JSON. The process stays up, answers the right
/// 4xx, and nothing acknowledged is lost.
@Suite(.serialized) struct HTTPAbuseTests {
    static let adjust = "/inventory/adjustment"
    static func query(_ location: String) -> String { "/inventory/locations/\(location)/skus/1" }

    /// Adjusts `location`/1 by `count` and waits until the store shows `total`.
    func adjust(_ server: ServerProcess, _ location: String, by count: Int, until total: Int) async throws {
        let reply = try await server.post(Self.adjust, #"{"locationId":"\#(location)","sku":"1","count":\#(count)}"#)
        #expect(reply.status == 200, "\(reply.body)")
        try await Eventually.wait("\(location) at \(total)") {
            ((try await server.get(Self.query(location))).json?["count"] as? Int ?? 0) >= total
        }
    }

    func count(_ server: ServerProcess, _ location: String) async throws -> Int? {
        try await server.get(Self.query(location)).json?["count"] as? Int
    }

    @Test func stalledClientsAreDisconnectedAfterTheIdleTimeoutWhileOthersAreServed() async throws {
        let server = try await ServerProcess.start(arguments: ["--idle-timeout-seconds", "1"])
        defer { server.terminate() }
        let halfHead = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        // A complete JSON object, but 20 bytes short of its Content-Length: it must never be counted.
        let object = #"{"locationId":"SLOW","sku":"1","count":1}"#
        let halfBody = "POST \(Self.adjust) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(object.utf8.count + 20)\r\n\r\n" + object
        var stalled: [RawHTTPConnection] = []
        for sent in ["", halfHead, halfBody, "", halfHead, halfBody] {
            let connection = try RawHTTPConnection(port: server.port)
            try connection.write(sent)
            stalled.append(connection)
        }
        let started = Date()
        for _ in 0..<5 { #expect(try await server.get("/health").status == 200) }
        for (index, connection) in stalled.enumerated() {
            #expect(connection.waitForClose(within: 10), "stalled connection \(index) is still open")
        }
        #expect(Date().timeIntervalSince(started) < 10)
        try await adjust(server, "SLOW", by: 10, until: 10)
        #expect(try await count(server, "SLOW") == 10, "the half-sent adjustment was counted")
        #expect(try await server.get("/health").status == 200)
    }

    @Test func threeHundredConcurrentConnectionsAllGetAnswers() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        try await adjust(server, "MANY", by: 3, until: 3)
        let connections = try (0..<300).map { _ in try RawHTTPConnection(port: server.port) }
        for connection in connections {
            try connection.write("GET \(Self.query("MANY")) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        }
        var answered = 0
        for connection in connections {
            let reply = try connection.readResponse(within: 30)
            #expect(reply.status == 200, "\(reply.status) \(reply.text)")
            if reply.json?["count"] as? Int == 3 { answered += 1 }
        }
        #expect(answered == 300)
        #expect(try await server.get("/health").status == 200)
    }

    /// A command body of exactly `size` bytes adjusting LIMIT/1 by 1.
    static func body(ofSize size: Int) -> [UInt8] {
        let prefix = #"{"locationId":"LIMIT","sku":"1","count":1,"pad":""#
        return Array((prefix + String(repeating: "x", count: size - prefix.utf8.count - 2) + #""}"#).utf8)
    }

    /// POSTs `body` with chunked transfer encoding (no Content-Length), in 64 KiB chunks.
    static func postChunked(_ body: [UInt8], port: Int) throws -> RawHTTPConnection.Response {
        let connection = try RawHTTPConnection(port: port)
        try connection.write("POST \(adjust) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                             + "Transfer-Encoding: chunked\r\n\r\n")
        for start in stride(from: 0, to: body.count, by: 65_536) {
            let chunk = Array(body[start..<min(start + 65_536, body.count)])
            try connection.write(String(chunk.count, radix: 16) + "\r\n")
            try connection.write(chunk + Array("\r\n".utf8))
        }
        try connection.write("0\r\n\r\n")
        return try connection.readResponse(within: 30)
    }

    @Test func aBodyAtTheLimitIsReadAndOneBytePastItIsA413() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        let limit = 1 << 20
        let atLimit = try await server.request("POST", Self.adjust, body: Data(Self.body(ofSize: limit)), contentType: "application/json")
        #expect(atLimit.status == 200, "\(atLimit.body)")
        let past = try await server.request("POST", Self.adjust, body: Data(Self.body(ofSize: limit + 1)), contentType: "application/json")
        #expect(past.status == 413)
        #expect(past.json?["error"] is String, "\(past.body)")
        let chunkedAtLimit = try Self.postChunked(Self.body(ofSize: limit), port: server.port)
        #expect(chunkedAtLimit.status == 200, "\(chunkedAtLimit.text)")
        let chunkedPast = try Self.postChunked(Self.body(ofSize: limit + 1), port: server.port)
        #expect(chunkedPast.status == 413, "\(chunkedPast.text)")
        #expect(chunkedPast.json?["error"] is String, "\(chunkedPast.text)")
        try await adjust(server, "LIMIT", by: 10, until: 12)
        #expect(try await count(server, "LIMIT") == 12, "only the two bodies at the limit (and the marker) are counted")
    }

    @Test func hostileBodiesAre400sAndAcknowledgedCountsSurviveThem() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        try await adjust(server, "HOSTILE", by: 5, until: 5)
        let deep = String(repeating: "[", count: 100_000)
        let cases: [(String, [UInt8], String?)] = [
            ("past int32", Array(#"{"locationId":"HOSTILE","sku":"1","count":3000000000}"#.utf8), "count"),
            ("past int32 as text", Array(#"{"locationId":"HOSTILE","sku":"1","count":"3000000000"}"#.utf8), "count"),
            ("below int32", Array(#"{"locationId":"HOSTILE","sku":"1","count":-3000000000}"#.utf8), "count"),
            ("past int64", Array(#"{"locationId":"HOSTILE","sku":"1","count":92233720368547758070}"#.utf8), "count"),
            ("deep nesting", Array(deep.utf8), nil),
            ("deep nesting in a field", Array((#"{"locationId":"HOSTILE","sku":"1","count":"# + deep).utf8), nil),
            ("invalid UTF-8", Array(#"{"locationId":"HOSTILE","sku":""#.utf8) + [0xFF, 0xFE] + Array(#"","count":1}"#.utf8), nil),
            ("truncated UTF-8", Array(#"{"locationId":"HOSTILE"#.utf8) + [0xC3] + Array(#"","sku":"1","count":1}"#.utf8), nil),
            ("raw NUL in a string", Array(#"{"locationId":"HOSTILE","sku":"1"#.utf8) + [0] + Array(#"","count":1}"#.utf8), nil),
            ("trailing NUL", Array(#"{"locationId":"HOSTILE","sku":"1","count":1}"#.utf8) + [0], nil),
            ("only NULs", [0, 0, 0, 0], nil),
        ]
        for (name, body, field) in cases {
            let reply = try await server.request("POST", Self.adjust, body: Data(body), contentType: "application/json")
            #expect(reply.status == 400, "\(name) -> \(reply.status) \(reply.body.prefix(300))")
            #expect(reply.json?["error"] is String, "\(name) -> \(reply.body.prefix(300))")
            if let field { #expect(reply.json?["field"] as? String == field, "\(name) -> \(reply.body.prefix(300))") }
        }
        // An escaped NUL is valid JSON: a string like any other, counted under its own key.
        let escaped = try await server.post(Self.adjust, #"{"locationId":"NUL\u0000","sku":"1","count":2}"#)
        #expect(escaped.status == 200, "\(escaped.body)")
        #expect(try await server.get("/health").status == 200)
        try await adjust(server, "HOSTILE", by: 10, until: 15)
        #expect(try await count(server, "HOSTILE") == 15, "the acknowledged count changed")
    }
}

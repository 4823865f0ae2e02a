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

    @Test func aRequestThatStallsMidwayIsAnswered408AndAnIdleConnectionIsClosedWhileOthersAreServed() async throws {
        let server = try await ServerProcess.start(arguments: ["--idle-timeout-seconds", "1"])
        defer { server.terminate() }
        let halfHead = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        // A complete JSON object, but 20 bytes short of its Content-Length: it must never be counted.
        let object = #"{"locationId":"SLOW","sku":"1","count":1}"#
        let halfBody =
            "POST \(Self.adjust) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(object.utf8.count + 20)\r\n\r\n" + object
        let sent = ["", halfHead, halfBody, "", halfHead, halfBody]
        var stalled: [RawHTTPConnection] = []
        for text in sent {
            let connection = try RawHTTPConnection(port: server.port)
            try connection.write(text)
            stalled.append(connection)
        }
        for _ in 0..<5 { #expect(try await server.get("/health").status == 200) }
        for (index, connection) in stalled.enumerated() {
            #expect(connection.waitForClose(within: 10), "stalled connection \(index) is still open")
            if sent[index].isEmpty {
                #expect(
                    connection.received.isEmpty,
                    "an idle connection got \(String(decoding: connection.received, as: UTF8.self))")
            } else {
                let answer = try connection.readResponse(within: 0.1)
                #expect(answer.status == 408, "connection \(index): \(answer.status) \(answer.text)")
                #expect(answer.headers["connection"] == "close")
                #expect(
                    (answer.json?["error"] as? String)?.contains("nothing arrived for 1 s") == true, "\(answer.text)")
            }
        }
        try await adjust(server, "SLOW", by: 10, until: 10)
        #expect(try await count(server, "SLOW") == 10, "the half-sent adjustment was counted")
        #expect(try await server.get("/health").status == 200)
    }

    @Test func aRequestTricklingInPastTheReadTimeoutIsAnswered408AndNotCounted() async throws {
        let server = try await ServerProcess.start(arguments: [
            "--idle-timeout-seconds", "5", "--read-timeout-seconds", "2",
        ])
        defer { server.terminate() }
        let object = #"{"locationId":"TRICKLE","sku":"1","count":1}"#
        let connection = try RawHTTPConnection(port: server.port)
        try connection.write(
            "POST \(Self.adjust) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(object.utf8.count)\r\n\r\n")
        // A byte every quarter second: never idle for 5 s, but the whole body would take about 11 s.
        var answer: RawHTTPConnection.Response?
        for byte in object.utf8 {
            try? connection.write([byte])
            if let reply = try? connection.readResponse(within: 0.25) {
                answer = reply
                break
            }
        }
        #expect(answer?.status == 408, "\(answer.map { "\($0.status) \($0.text)" } ?? "no answer")")
        #expect(
            (answer?.json?["error"] as? String)?.contains("did not arrive within 2 s") == true, "\(answer?.text ?? "")")
        #expect(connection.waitForClose(within: 5))
        try await adjust(server, "TRICKLE", by: 10, until: 10)
        #expect(try await count(server, "TRICKLE") == 10, "the trickled adjustment was counted")
    }

    @Test func aRequestThatIsNotHTTPIsAJSON400AndTheConnectionIsClosed() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        let garbage = [
            "GARBAGE\r\n\r\n", "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n",
            "GET /he alth HTTP/1.1\r\n\r\n", "\u{1}\u{2}\u{3}\r\n\r\n",
        ]
        for text in garbage {
            let connection = try RawHTTPConnection(port: server.port)
            try connection.write(text)
            let reply = try connection.readResponse(within: 10)
            #expect(reply.status == 400, "\(text.debugDescription) -> \(reply.status) \(reply.text)")
            #expect(reply.headers["content-type"] == "application/json", "\(text.debugDescription) -> \(reply.headers)")
            #expect(
                (reply.json?["error"] as? String)?.contains("not valid HTTP/1.1") == true,
                "\(text.debugDescription) -> \(reply.text)")
            #expect(connection.waitForClose(within: 10))
        }
        // A broken chunk in a command's body: the command's own JSON 400, and nothing counted.
        let connection = try RawHTTPConnection(port: server.port)
        try connection.write(
            "POST \(Self.adjust) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"loc\r\nzz\r\n")
        let broken = try connection.readResponse(within: 10)
        #expect(broken.status == 400, "\(broken.status) \(broken.text)")
        #expect(broken.json?["error"] is String, "\(broken.text)")
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
        try connection.write(
            "POST \(adjust) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
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
        let atLimit = try await server.request(
            "POST", Self.adjust, body: Data(Self.body(ofSize: limit)), contentType: "application/json")
        #expect(atLimit.status == 200, "\(atLimit.body)")
        let past = try await server.request(
            "POST", Self.adjust, body: Data(Self.body(ofSize: limit + 1)), contentType: "application/json")
        #expect(past.status == 413)
        #expect((past.json?["error"] as? String)?.contains("limit of \(limit)") == true, "\(past.body)")
        let chunkedAtLimit = try Self.postChunked(Self.body(ofSize: limit), port: server.port)
        #expect(chunkedAtLimit.status == 200, "\(chunkedAtLimit.text)")
        let chunkedPast = try Self.postChunked(Self.body(ofSize: limit + 1), port: server.port)
        #expect(chunkedPast.status == 413, "\(chunkedPast.text)")
        #expect((chunkedPast.json?["error"] as? String)?.contains("limit of \(limit)") == true, "\(chunkedPast.text)")
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
            (
                "invalid UTF-8",
                Array(#"{"locationId":"HOSTILE","sku":""#.utf8) + [0xFF, 0xFE] + Array(#"","count":1}"#.utf8), nil
            ),
            (
                "truncated UTF-8",
                Array(#"{"locationId":"HOSTILE"#.utf8) + [0xC3] + Array(#"","sku":"1","count":1}"#.utf8), nil
            ),
            (
                "raw NUL in a string",
                Array(#"{"locationId":"HOSTILE","sku":"1"#.utf8) + [0] + Array(#"","count":1}"#.utf8), nil
            ),
            ("trailing NUL", Array(#"{"locationId":"HOSTILE","sku":"1","count":1}"#.utf8) + [0], nil),
            ("only NULs", [0, 0, 0, 0], nil),
        ]
        for (name, body, field) in cases {
            let reply = try await server.request("POST", Self.adjust, body: Data(body), contentType: "application/json")
            #expect(reply.status == 400, "\(name) -> \(reply.status) \(reply.body.prefix(300))")
            #expect(reply.json?["error"] is String, "\(name) -> \(reply.body.prefix(300))")
            if let field { #expect(reply.json?["field"] as? String == field, "\(name) -> \(reply.body.prefix(300))") }
        }
        // An escaped NUL is valid JSON: a string like any other, counted under its own key, which a
        // query names with %00 and whose reply escapes it again.
        let escaped = try await server.post(Self.adjust, #"{"locationId":"NUL\u0000","sku":"1","count":2}"#)
        #expect(escaped.status == 200, "\(escaped.body)")
        var nulReply = try await server.get(Self.query("NUL%00"))
        try await Eventually.wait("the NUL key counted") {
            nulReply = try await server.get(Self.query("NUL%00"))
            return nulReply.status == 200
        }
        #expect(nulReply.body == #"{"locationId":"NUL\u0000","sku":"1","count":2}"#, "\(nulReply.body)")
        #expect(try await count(server, "NUL") == nil, "the NUL was dropped from the key")
        #expect(try await server.get("/health").status == 200)
        try await adjust(server, "HOSTILE", by: 10, until: 15)
        #expect(try await count(server, "HOSTILE") == 15, "the acknowledged count changed")
    }

    @Test func countsAtTheInt32BoundsAreCountedAndOnePastThemAre400sNamingCount() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        for (location, count) in [("MAX", 2_147_483_647), ("MIN", -2_147_483_648)] {
            let reply = try await server.post(
                Self.adjust, #"{"locationId":"\#(location)","sku":"1","count":\#(count)}"#)
            #expect(reply.status == 200, "\(count) -> \(reply.status) \(reply.body)")
        }
        for count in ["2147483648", "-2147483649", "\"2147483648\"", "2147483648.0", "1e10"] {
            let reply = try await server.post(Self.adjust, #"{"locationId":"PAST","sku":"1","count":\#(count)}"#)
            #expect(reply.status == 400, "\(count) -> \(reply.status) \(reply.body)")
            #expect(reply.json?["field"] as? String == "count", "\(count) -> \(reply.body)")
            #expect(reply.json?["error"] is String, "\(count) -> \(reply.body)")
        }
        try await Eventually.wait("both bounds counted") {
            let max = try await count(server, "MAX")
            let min = try await count(server, "MIN")
            return max == 2_147_483_647 && min == -2_147_483_648
        }
        // A refused count that had been appended anyway would come before this one on PAST's partition.
        try await adjust(server, "PAST", by: 1, until: 1)
        #expect(try await count(server, "PAST") == 1)
    }

    @Test func nestingAtTheDepthLimitIsReadAndOneLevelDeeperIsA400() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        // The body object is level 1; "pad" adds `levels` nested arrays. The reader's limit is 128.
        func body(padLevels levels: Int) -> String {
            #"{"locationId":"DEEP","sku":"1","count":1,"pad":"# + String(repeating: "[", count: levels)
                + String(repeating: "]", count: levels) + "}"
        }
        let atLimit = try await server.post(Self.adjust, body(padLevels: 127))
        #expect(atLimit.status == 200, "\(atLimit.status) \(atLimit.body)")
        let past = try await server.post(Self.adjust, body(padLevels: 128))
        #expect(past.status == 400, "\(past.status) \(past.body)")
        #expect((past.json?["error"] as? String)?.contains("nested too deeply") == true, "\(past.body)")
        try await adjust(server, "DEEP", by: 10, until: 11)
        #expect(try await count(server, "DEEP") == 11, "only the body at the limit (and the marker) are counted")
    }

    @Test func concurrentClientsCommandsAreEachCountedExactlyOnce() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        let clients = 8
        let perClient = 200
        let skus = (0..<4).map { "c\($0)" }
        let port = server.port
        let tallies = try await withThrowingTaskGroup(of: [String: Int].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var acknowledged: [String: Int] = [:]
                    for i in 0..<perClient {
                        let sku = skus[(client + i) % skus.count]
                        let amount = 1 + (client * perClient + i) % 7
                        let reply = try await HTTPRequest.send(
                            "POST", port: port, Self.adjust,
                            body: Data(#"{"locationId":"CONC","sku":"\#(sku)","count":\#(amount)}"#.utf8),
                            contentType: "application/json", timeout: 30)
                        if reply.status == 200 { acknowledged[sku, default: 0] += amount }
                    }
                    return acknowledged
                }
            }
            return try await group.reduce(into: [String: Int]()) { total, tally in
                total.merge(tally, uniquingKeysWith: +)
            }
        }
        let posted: Int = (0..<clients * perClient).map { 1 + $0 % 7 }.reduce(0, +)
        let acknowledged: Int = tallies.values.reduce(0, +)
        #expect(acknowledged == posted, "every command was acknowledged")
        #expect(server.isRunning)
        // A marker after the last command: once it is counted, every earlier command of its key is.
        for sku in skus {
            let reply = try await server.post(Self.adjust, #"{"locationId":"CONC","sku":"\#(sku)","count":1000}"#)
            #expect(reply.status == 200, "\(reply.body)")
        }
        for sku in skus {
            let want = tallies[sku, default: 0] + 1000
            var seen: Int?
            try? await Eventually.wait("CONC/\(sku) at \(want)", seconds: 30) {
                seen = try await server.get("/inventory/locations/CONC/skus/\(sku)").json?["count"] as? Int
                return (seen ?? 0) >= want
            }
            #expect(seen == want, "CONC/\(sku): \(seen.map(String.init) ?? "none"), acknowledged \(want)")
        }
        #expect(try await server.get("/health").status == 200)
    }
}

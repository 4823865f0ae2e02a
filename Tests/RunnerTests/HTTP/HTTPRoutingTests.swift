import Foundation
import Testing

/// How requests find their endpoint, against the real `streamrun` binary: paths nothing serves get
/// a JSON 404, and path parameters reach the key percent-decoded.
@Suite(.serialized) struct HTTPRoutingTests {
    static let adjust = "/inventory/adjustment"

    @Test func unknownPathsAndWrongMethodsAnswerAJSON404() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        let requests: [(String, String)] = [
            ("GET", "/nothing/here"), ("GET", "/"), ("GET", "/inventory/locations/STL"),
            ("POST", "/health"), ("DELETE", Self.adjust), ("GET", Self.adjust),
            ("PUT", "/inventory/locations/STL/skus/1"),
        ]
        for (method, path) in requests {
            let reply = try await server.request(
                method, path, body: method == "GET" ? nil : Data("{}".utf8),
                contentType: "application/json")
            #expect(reply.status == 404, "\(method) \(path) -> \(reply.status) \(reply.body)")
            #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true, "\(method) \(path)")
            let message = try #require(reply.json?["error"] as? String, "\(method) \(path) -> '\(reply.body)'")
            #expect(message.contains(path), "\(method) \(path) -> \(message)")
        }
        #expect(try await server.get("/health").status == 200)
    }

    @Test func percentEncodedPathParametersAreDecodedBeforeTheLookup() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        for (location, count) in [("New Zealand", 7), ("a/b", 3), ("Zürich", 4)] {
            let body = try JSONSerialization.data(withJSONObject: ["locationId": location, "sku": "1", "count": count])
            #expect(
                try await server.request("POST", Self.adjust, body: body, contentType: "application/json").status == 200
            )
            let encoded = try #require(location.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            var reply = try await server.get("/inventory/locations/\(encoded)/skus/1")
            try? await Eventually.wait("\(location) counted") {
                reply = try await server.get("/inventory/locations/\(encoded)/skus/1")
                return reply.status == 200
            }
            #expect(reply.status == 200, "\(location) -> \(reply.status) \(reply.body)")
            #expect(reply.json?["locationId"] as? String == location)
            #expect(reply.json?["count"] as? Int == count)
        }
    }

    @Test func anInvalidPercentEscapeIsA400NamingTheParameter() async throws {
        let server = try await ServerProcess.start()
        defer { server.terminate() }
        let cases = [
            ("/inventory/locations/%@/skus/1", "location"), ("/stores/sellable_inventory_store/keys/%@", "key"),
        ]
        for segment in ["New%2Zealand", "100%", "%FF%FE"] {
            for (template, field) in cases {
                let path = template.replacingOccurrences(of: "%@", with: segment)
                let connection = try RawHTTPConnection(port: server.port)
                try connection.write("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let reply = try connection.readResponse()
                #expect(reply.status == 400, "\(path) -> \(reply.status) \(reply.text)")
                #expect(reply.json?["field"] as? String == field, "\(path) -> \(reply.text)")
                #expect(reply.json?["error"] is String, "\(path) -> \(reply.text)")
            }
        }
        #expect(try await server.get("/health").status == 200)
    }
}

import SellableInventory
import Testing
import TopologyDSL

/// Command and query endpoints declared with Swift closures.
@Suite struct EndpointTests {
    static let body = RequestFields(
        .record(
            Fields([
                ("sku", "123"), ("count", "100"), ("spaced", " 42 "), ("number", .int(7)), ("big", .int(5_000_000_000)),
                ("price", "9.5"), ("flag", "true"), ("location", "STL"), ("nothing", .null),
                ("address", .record(Fields([("city", "Utrecht")]))),
            ])))

    @Test func gettersConvertLikeYAMLExpressions() throws {
        let body = Self.body
        #expect(try body.string("sku") == "123")
        #expect(try body.string("locationId", or: "location") == "STL")
        #expect(try body.int32("count") == 100)
        #expect(try body.int32("spaced") == 42)
        #expect(try body.int32("number") == 7)
        #expect(try body.int64("big") == 5_000_000_000)
        #expect(try body.int("number") == 7)
        #expect(try body.double("price") == 9.5)
        #expect(try body.bool("flag"))
        #expect(body.has("sku") && !body.has("nothing") && !body.has("absent"))
        #expect(body["number"] == .int(7))
    }

    @Test func gettersNameTheFieldAtFault() {
        let body = Self.body
        func error(_ get: () throws -> Any) -> EvaluationError? {
            do {
                _ = try get()
                return nil
            } catch { return error as? EvaluationError }
        }
        #expect(error { try body.string("absent") }?.field == "absent")
        #expect(error { try body.string("absent") }?.message == "missing field 'absent'")
        #expect(error { try body.string("locationId", or: "loc") }?.message == "missing field 'locationId' (or 'loc')")
        #expect(error { try body.string("nothing") }?.field == "nothing")
        #expect(error { try body.string("number") }?.message == "field 'number' must be a string, got 7")
        #expect(error { try body.int32("sku") } == nil)
        #expect(error { try body.int32("location") }?.field == "location")
        #expect(error { try body.int32("big") }?.message == "field 'big' is out of range for int32: 5000000000")
        #expect(error { try body.double("sku") } == nil)
        #expect(error { try body.bool("sku") }?.field == "sku")
        #expect(error { try body.decode(LocationSku.self, field: "address") }?.field == "address.location")
        struct Needs: StreamRecord {
            var sku: String
            var missing: Int32
        }
        #expect(error { try body.decode(Needs.self) }?.field == "missing")
    }

    @Test func decodesWholeBodiesIntoRecords() throws {
        let request = EndpointRequest(body: .record(Fields([("location", "STL"), ("sku", "1"), ("extra", true)])))
        #expect(try request.body.decode(LocationSku.self) == LocationSku(location: "STL", sku: "1"))
    }

    @Test func commandsWrapTheirErrorsAsEvaluationErrorsNamingTheField() throws {
        struct Oops: Error {}
        let graph = try Topology(application: "cmd") {
            let topic = Topic<LocationSku, Int64>("t", partitions: 1)
            Command(
                post: "/a", topic: topic,
                key: { request in try request.body.decode(LocationSku.self) },
                value: { _ in throw Oops() })
        }.build()
        let command = try #require(graph.http.commands.first)
        #expect(command.topic == "t")
        #expect(fieldError { _ = try command.key(RequestValues(body: .record(Fields([("location", "x")])))) } == "sku")
        #expect(fieldError { _ = try command.value(RequestValues(body: .null)) } == "<no field>")
        let key: Value = .record(Fields([("location", "x"), ("sku", "y")]))
        let reply = try command.reply("t", 0, 5, key, .int(1))
        #expect(reply.contentType == "application/json")
        #expect(reply.text == #"{"topic":"t","partition":0,"offset":5,"key":{"location":"x","sku":"y"},"value":1}"#)
    }

    @Test func queriesByStoreNameCheckTheStoreTypes() throws {
        let ok = try Topology(application: "q") {
            let topic = Topic<String, Int64>("t", partitions: 1)
            topic.stream().groupByKey().count(named: "counts")
            Query(get: "/counts/{id}", store: "counts") { request in
                try request.path.string("id")
            } reply: { (id: String, count: Int64) in
                "\(id): \(count)"
            }
        }.build()
        let query = try #require(ok.http.queries.first)
        #expect(query.store == "counts")
        #expect(try query.key(RequestValues(path: .record(Fields([("id", "a")])))) == "a")
        #expect(try query.reply("a", .int(3)).text == "a: 3")
        #expect(try query.reply("a", .int(3)).contentType == "text/plain; charset=utf-8")

        let errors = buildErrors {
            try Topology(application: "q") {
                let topic = Topic<String, Int64>("t", partitions: 1)
                topic.stream().groupByKey().count(named: "counts")
                Query(get: "/counts/{id}", store: "counts") { request in
                    try request.path.string("id")
                } reply: { (id: String, count: String) in
                    .text(count)
                }
                Query(get: "/other/{id}", store: "nope") { request in
                    try request.path.string("id")
                } reply: { (id: String, count: Int64) in
                    .text(id)
                }
            }.build()
        }
        #expect(errors.count == 2)
        #expect(errors.first?.message.contains("the store holds key string and value int64") == true)
        #expect(errors.last?.message == "unknown store 'nope'; known stores: counts")
        #expect(errors.allSatisfy { $0.location?.file.hasSuffix("EndpointTests.swift") == true })
    }

    @Test func queriesOnATableDefaultToKeyAndValueJSON() throws {
        let graph = try Topology(application: "q") {
            let topic = Topic<String, Int64>("t", partitions: 1)
            let counts = topic.stream().groupByKey().count(named: "counts", store: "count_store")
            Query(get: "/counts/{id}", table: counts) { request in try request.path.string("id") }
            Query(get: "/objects/{id}", table: counts) { request in
                try request.path.string("id")
            } reply: { id, count in
                .object(["id": id, "count": count, "even": count % 2 == 0])
            }
        }.build()
        #expect(graph.http.queries.map(\.store) == ["count_store", "count_store"])
        #expect(try graph.http.queries[0].reply("a", .int(2)).text == #"{"key":"a","value":2}"#)
        #expect(try graph.http.queries[1].reply("a", .int(2)).text == #"{"id":"a","count":2,"even":true}"#)
    }
}

/// The diagnostics of a topology build expected to fail.
func buildErrors(_ build: () throws -> TopologyGraph) -> [Diagnostic] {
    do {
        _ = try build()
        return []
    } catch let error as TopologyErrors {
        return error.diagnostics
    } catch {
        return [Diagnostic("\(error)", at: SourceLocation(file: "?", line: 0, column: 0))]
    }
}

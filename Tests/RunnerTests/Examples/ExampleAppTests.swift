import Foundation
import Plugins
import SellableInventory
import Testing
import TopologyDSL

/// The example apps in examples/, built and run as a user would.
@Suite struct ExampleAppTests {
    func output(_ executable: String, _ arguments: [String]) throws -> String {
        try SpawnedProcess.capture(executable, arguments, directory: ServerProcess.packageRoot.path).stdout
    }

    @Test func theDSLTwinDescribesExactlyAsTheYAML() throws {
        let dsl = try output(ServerProcess.product("sellable-inventory"), ["describe", "--format", "json"])
        let yaml = try output(ServerProcess.binary, ["describe", "topologies/sellable.yaml", "--format", "json"])
        #expect(!dsl.isEmpty)
        #expect(dsl == yaml)
        let graph = try TopologyLoader(plugins: BuiltinPlugins.registry)
            .load(file: ServerProcess.packageRoot.appendingPathComponent("topologies/sellable.yaml").path)
        #expect(TopologyDescription(try sellableInventoryTopology()).json == TopologyDescription(graph).json)
    }

    @Test func theDSLAppServesTheSameAPIAndItsOwnRoute() async throws {
        let server = try await ServerProcess.start(
            executable: ServerProcess.product("sellable-inventory"), command: ["run"])
        defer { server.terminate() }
        let posted = try await server.post("/inventory/adjustment", #"{"locationId":"STL","sku":"9","count":"100"}"#)
        #expect(posted.body.hasPrefix("Updated Inventory [inventory_adjustment-"))
        #expect(
            try await server.post("/inventory/reservation", #"{"location":"STL","sku":"9","count":10}"#).status == 200)
        try await Eventually.wait("count 90") {
            try await server.get("/inventory/locations/STL/skus/9").body
                == #"{"locationId":"STL","sku":"9","count":90}"#
        }
        let bad = try await server.post("/inventory/adjustment", #"{"locationId":"STL","count":"1"}"#)
        #expect(bad.status == 400 && bad.json?["field"] as? String == "sku")
        #expect(try await server.get("/about").body.contains("sellable-inventory"))
    }

    @Test func theCustomPluginAppRunsAYAMLTopologyWithItsPlugins() async throws {
        let server = try await ServerProcess.start(executable: ServerProcess.product("custom-plugin-app"), command: [])
        defer { server.terminate() }
        for value in ["250", "-5", #""7""#] {
            #expect(try await server.post("/readings", #"{"sensor":"s1","value":\#(value)}"#).status == 200)
        }
        try await Eventually.wait("clamped total") {
            try await server.get("/sensors/s1").body == #"{"sensor":"s1","total":107}"#
        }
    }

    /// The `dedupe` processor plugin (Processor API, with a store and a stream-time punctuation),
    /// over HTTP on the embedded log, and across a restart.
    @Test func theDedupeProcessorDropsRepeatsWithinItsWindowAndRemembersAcrossARestart() async throws {
        let directory = TemporaryDirectory.make()
        func start() async throws -> ServerProcess {
            try await ServerProcess.start(
                dataDirectory: directory, executable: ServerProcess.product("custom-plugin-app"),
                command: [])
        }
        func event(_ server: ServerProcess, _ id: String, at time: Int) async throws {
            let reply = try await server.post("/events", #"{"id":"\#(id)","text":"x","at":\#(time)}"#)
            #expect(reply.status == 200, "\(id)@\(time) -> \(reply.status) \(reply.body)")
        }
        func count(_ server: ServerProcess, _ id: String, is expected: Int) async throws {
            try await Eventually.wait("\(id) counted \(expected) times") {
                try await server.get("/events/\(id)/count").json?["count"] as? Int == expected
            }
        }
        var server = try await start()
        try await event(server, "e1", at: 1_000)
        try await event(server, "e1", at: 2_000)  // a repeat within 60 s: dropped
        try await event(server, "e2", at: 3_000)
        try await count(server, "e2", is: 1)  // processed after the repeat, so the repeat was seen
        try await count(server, "e1", is: 1)
        #expect(try await server.get("/events/e2/seen").json?["firstSeen"] as? Int == 3_000)
        try await event(server, "e1", at: 70_000)  // past the window: counted again
        try await count(server, "e1", is: 2)
        // Stream time reached 70 s: the punctuation forgot what was first seen before 10 s.
        try await Eventually.wait("e2 forgotten") { try await server.get("/events/e2/seen").status == 404 }
        #expect(try await server.get("/events/e1/seen").json?["firstSeen"] as? Int == 70_000)
        #expect(server.terminate() == 0)

        server = try await start()
        defer { server.terminate() }
        try await event(server, "e1", at: 71_000)  // within 60 s of 70 s, remembered across the restart
        try await event(server, "e3", at: 72_000)
        try await count(server, "e3", is: 1)
        try await count(server, "e1", is: 2)
    }
}

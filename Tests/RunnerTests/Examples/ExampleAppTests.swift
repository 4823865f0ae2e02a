import Foundation
import Plugins
import SellableInventory
import Testing
import TopologyDSL

/// The example apps in examples/, built and run as a user would.
@Suite struct ExampleAppTests {
    func output(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = ServerProcess.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
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
        let server = try await ServerProcess.start(executable: ServerProcess.product("sellable-inventory"), command: ["run"])
        defer { server.terminate() }
        let posted = try await server.post("/inventory/adjustment", #"{"locationId":"STL","sku":"9","count":"100"}"#)
        #expect(posted.body.hasPrefix("Updated Inventory [inventory_adjustment-"))
        #expect(try await server.post("/inventory/reservation", #"{"location":"STL","sku":"9","count":10}"#).status == 200)
        try await Eventually.wait("count 90") {
            try await server.get("/inventory/locations/STL/skus/9").body == #"{"locationId":"STL","sku":"9","count":90}"#
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
}

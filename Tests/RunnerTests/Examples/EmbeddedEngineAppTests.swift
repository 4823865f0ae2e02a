import Foundation
import Testing

/// examples/embedded-engine: an app built on the DSL and the engine alone, on the embedded log.
@Suite struct EmbeddedEngineAppTests {
    /// Runs `executable` from the package's root to its end; its exit status and its output.
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try SpawnedProcess.run(executable, arguments, directory: ServerProcess.packageRoot.path)
    }

    /// The symbols of a binary that name `module` (Swift mangles a module name as its length and
    /// the name) or, for librdkafka, its C prefix.
    func mentions(_ binary: String, of needles: [String]) throws -> [String] {
        let listing = try run(
            "/bin/bash", ["-c", "nm \"$0\" | grep -o -E '\(needles.joined(separator: "|"))' | sort -u", binary])
        return listing.output.split(separator: "\n").map(String.init)
    }

    @Test func itSumsSalesPerShopAndKeepsTheTotalsAcrossARestart() throws {
        let app = ServerProcess.product("embedded-engine-app")
        let directory = TemporaryDirectory.make()
        let first = try run(app, ["--data-dir", directory, "shop-1=10", "shop-2=5", "shop-1=20"])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output == "shop-1 30\nshop-2 5\n")
        // The second run restores the totals from the data directory and adds to them.
        let second = try run(app, ["--data-dir", directory, "shop-2=1", "shop-3=7"])
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output == "shop-2 6\nshop-3 7\n")
    }

    @Test func itLinksNeitherLibrdkafkaNorHummingbirdNorPostgresNIO() throws {
        let needles = ["rd_kafka_new", "11Hummingbird", "11PostgresNIO"]
        // The full CLI links all three: the check sees them where they are.
        #expect(try mentions(ServerProcess.binary, of: needles) == needles.sorted())
        #expect(try mentions(ServerProcess.product("embedded-engine-app"), of: needles) == [])
        let libraries = try run("/usr/bin/ldd", [ServerProcess.product("embedded-engine-app")])
        #expect(libraries.status == 0 && !libraries.output.contains("librdkafka"), "\(libraries.output)")
    }
}

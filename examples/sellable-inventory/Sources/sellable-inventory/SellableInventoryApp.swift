import ArgumentParser
import Hummingbird
import Logging
import Plugins
import Runner
import SellableInventory
import StreamrunCommands
import TopologyDSL

/// A custom app: the sellable-inventory topology declared in the Swift DSL, run with streamrun's
/// runner and HTTP API from the app's own `main`, plus a route of its own.
/// The app's entry: it owns global logging and bootstraps it once, before it runs streamrun.
@main
enum Main {
    static func main() async {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        await SellableInventoryApp.main()
    }
}

struct SellableInventoryApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sellable-inventory",
        abstract: "The sellable-inventory service, declared in the Swift DSL.",
        subcommands: [Describe.self, Run.self])

    /// `sellable-inventory describe [--format text|json|mermaid]`.
    struct Describe: ParsableCommand {
        @Option(help: "text, json or mermaid.") var format: DescribeFormat = .text

        func run() throws {
            print(format.render(try sellableInventoryTopology()), terminator: "")
        }
    }

    /// `sellable-inventory run [--port N] [--data-dir DIR] ...`: the same HTTP API as the YAML twin.
    struct Run: AsyncParsableCommand {
        @OptionGroup var options: RunOptions

        @Option(help: "The Avro schema of LocationSku.") var schema: String = "schemas/inventory.avsc"

        func run() async throws {
            let plugins = options.plugins()
            _ = try plugins.serdes["avro"]?.loadType(named: LocationSku.typeName, file: schema)
            try await options.serve(try sellableInventoryTopology(), plugins: plugins) { server in
                server.router.get("/about") { _, _ in
                    #"{"app":"sellable-inventory","declared-in":"swift"}"#
                }
            }
        }
    }
}

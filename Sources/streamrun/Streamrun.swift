import ArgumentParser
import Logging

/// The executable's entry: global logging is the app's to choose, once, before anything logs
/// (streamrun's libraries never bootstrap it); streamrun logs to standard error.
@main
enum StreamrunMain {
    static func main() async {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        await Streamrun.main()
    }
}

/// The `streamrun` command line: run, validate, describe and test topology files; maintain a data directory.
struct Streamrun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streamrun",
        abstract: "Run stream-processing topologies declared in YAML.",
        subcommands: [
            RunCommand.self, ValidateCommand.self, DescribeCommand.self, TestCommand.self,
            SchemaRegistryCommand.self, LogCommand.self,
        ],
        defaultSubcommand: RunCommand.self)
}

import ArgumentParser

/// The `streamrun` command line: run, validate, describe and test topology files; maintain a data directory.
@main
struct Streamrun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streamrun",
        abstract: "Run stream-processing topologies declared in YAML.",
        subcommands: [RunCommand.self, ValidateCommand.self, DescribeCommand.self, TestCommand.self,
                      SchemaRegistryCommand.self, LogCommand.self],
        defaultSubcommand: RunCommand.self)
}

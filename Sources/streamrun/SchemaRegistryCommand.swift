import ArgumentParser
import Logging
import Runner

/// `streamrun schema-registry --port N [--bootstrap-servers HOST:PORT | --data-dir DIR]`.
struct SchemaRegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema-registry",
        abstract: "Serve a Confluent-compatible schema registry (subjects, versions, ids, compatibility).")

    @Option(help: "HTTP port.") var port: Int = 8081
    @Option(help: "HTTP bind address.") var host: String = "0.0.0.0"
    @Option(name: .customLong("data-dir"), help: "Where schemas are kept without Kafka.") var dataDir: String =
        "./registry-data"
    @Option(name: .customLong("bootstrap-servers"), help: "Keep schemas in Kafka's _schemas topic instead.")
    var bootstrapServers: String?
    @Option(name: .customLong("kafka"), help: "A librdkafka property KEY=VALUE (repeatable).") var kafkaProperties:
        [String] = []

    func run() async throws {
        let logger = Logger(label: "streamrun-schema-registry")
        let options = ServerOptions(
            port: port, host: host, dataDirectory: dataDir, bootstrapServers: bootstrapServers,
            kafkaProperties: kafkaProperties)
        try await SchemaRegistryServer(options: options, logger: logger).run()
    }
}

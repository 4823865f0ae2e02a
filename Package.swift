// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "streamrun",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "TopologyDSL", targets: ["TopologyDSL"]),
        .library(name: "Plugins", targets: ["Plugins"]),
        .library(name: "StreamrunAvro", targets: ["StreamrunAvro"]),
        .library(name: "StreamrunSQLite", targets: ["StreamrunSQLite"]),
        .library(name: "StreamrunPostgres", targets: ["StreamrunPostgres"]),
        .library(name: "StreamrunStores", targets: ["StreamrunStores"]),
        .library(name: "StreamrunEngine", targets: ["StreamrunEngine"]),
        .library(name: "StreamrunLog", targets: ["StreamrunLog"]),
        .library(name: "StreamrunKafka", targets: ["StreamrunKafka"]),
        .library(name: "StreamrunHTTP", targets: ["StreamrunHTTP"]),
        .library(name: "StreamrunSchemaRegistry", targets: ["StreamrunSchemaRegistry"]),
        .library(name: "Runner", targets: ["Runner"]),
        .library(name: "StreamrunCommands", targets: ["StreamrunCommands"]),
        .library(name: "StreamrunTesting", targets: ["StreamrunTesting"]),
        .executable(name: "sellable-inventory", targets: ["sellable-inventory"]),
        .executable(name: "custom-plugin-app", targets: ["custom-plugin-app"]),
        .executable(name: "embedded-engine-app", targets: ["embedded-engine-app"]),
        .executable(name: "streamrun", targets: ["streamrun"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),  // Hummingbird's, for the connection guard
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CRdKafka", path: "Sources/CRdKafka", pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(
            name: "CRocksDB", path: "Sources/CRocksDB",
            providers: [.apt(["librocksdb-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CAvro", path: "Sources/CAvro", pkgConfig: "avro-c",
            providers: [.apt(["libavro-dev"])]),
        .target(
            name: "TopologyDSL",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOPosix", package: "swift-nio"),  // BlockingWork's thread pool
            ]),
        // Plugins: serdes (Avro, JSON, numbers, strings), the jsonl file source and sink, the SQLite sink.
        // The built-in plugins, one module each where one has a library of its own; `Plugins` holds
        // the small ones (serdes, JSON-lines files), registers them all and re-exports the others.
        .target(
            name: "Plugins", dependencies: ["TopologyDSL", "StreamrunAvro", "StreamrunSQLite"],
            exclude: ["Postgres", "Avro", "SQLite", "SinkTables"]),
        .target(name: "StreamrunAvro", dependencies: ["TopologyDSL", "CAvro"], path: "Sources/Plugins/Avro"),
        // What the SQLite and PostgreSQL sinks share: a table's columns from its types, finding refused rows.
        .target(name: "StreamrunSinkTables", dependencies: ["TopologyDSL"], path: "Sources/Plugins/SinkTables"),
        .target(
            name: "StreamrunSQLite", dependencies: ["TopologyDSL", "StreamrunSinkTables", "CSQLite"],
            path: "Sources/Plugins/SQLite"),
        // The PostgreSQL sink, apart so that only an app that writes to PostgreSQL links PostgresNIO.
        .target(
            name: "StreamrunPostgres",
            dependencies: [
                "TopologyDSL", "StreamrunSinkTables",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ], path: "Sources/Plugins/Postgres"),
        // The runtime, layer by layer (Sources/Runner/*): each imports only the ones above it.
        // State stores: the store-backend protocol, RocksDB and in-memory backends.
        .target(name: "StreamrunStores", dependencies: ["TopologyDSL", "CRocksDB"], path: "Sources/Runner/Stores"),
        // The engine: tasks, processors, stores, commit and restore, the transport contract.
        .target(
            name: "StreamrunEngine",
            dependencies: [
                "TopologyDSL", "StreamrunStores",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ], path: "Sources/Runner/Engine"),
        // The embedded log: a partitioned log in one process's data directory.
        .target(name: "StreamrunLog", dependencies: ["StreamrunEngine"], path: "Sources/Runner/EmbeddedLog"),
        // Kafka through librdkafka; its C wrappers in RDKafka/.
        .target(name: "StreamrunKafka", dependencies: ["StreamrunEngine", "CRdKafka"], path: "Sources/Runner/Kafka"),
        // The HTTP API on Hummingbird: commands, queries, health, metrics, forwarding.
        .target(
            name: "StreamrunHTTP",
            dependencies: [
                "TopologyDSL", "StreamrunEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ], path: "Sources/Runner/HTTP"),
        // A Confluent-compatible schema registry (server and client) for the Avro serde.
        .target(
            name: "StreamrunSchemaRegistry",
            dependencies: [
                "TopologyDSL", "Plugins", "StreamrunEngine", "StreamrunHTTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ], path: "Sources/Runner/SchemaRegistry"),
        // The servers: a topology on the chosen transport with its HTTP API, as one service group; the
        // schema registry on its transport.
        .target(
            name: "Runner",
            dependencies: [
                "TopologyDSL", "Plugins", "StreamrunEngine", "StreamrunLog", "StreamrunKafka", "StreamrunHTTP",
                "StreamrunSchemaRegistry",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ], path: "Sources/Runner/Server"),
        .target(
            name: "StreamrunCommands",
            dependencies: [
                "Runner", "TopologyDSL", "Plugins", "StreamrunPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "StreamrunTesting",
            dependencies: [
                "StreamrunEngine", "TopologyDSL", "Plugins",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .executableTarget(
            name: "streamrun",
            dependencies: [
                "StreamrunCommands", "StreamrunTesting", "TopologyDSL", "Plugins", "Runner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "SellableInventory", dependencies: ["TopologyDSL"],
            path: "examples/sellable-inventory/Sources/SellableInventory"),
        .executableTarget(
            name: "sellable-inventory",
            dependencies: [
                "SellableInventory", "StreamrunCommands", "Plugins",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ], path: "examples/sellable-inventory/Sources/sellable-inventory"),
        .executableTarget(
            name: "custom-plugin-app",
            dependencies: [
                "StreamrunCommands", "Plugins", "TopologyDSL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ], path: "examples/custom-plugin/Sources/custom-plugin-app"),
        // An app with only the DSL and the engine on the embedded log: no librdkafka, Hummingbird or PostgresNIO.
        .executableTarget(
            name: "embedded-engine-app",
            dependencies: [
                "TopologyDSL", "Plugins", "StreamrunEngine", "StreamrunLog",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ], path: "examples/embedded-engine/Sources/embedded-engine-app"),
        .executableTarget(
            name: "streamrun-bench",
            dependencies: [
                "Runner", "Plugins", "TopologyDSL",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ], path: "bench/Sources/streamrun-bench"),
        .testTarget(name: "TopologyDSLTests", dependencies: ["TopologyDSL", "SellableInventory"]),
        .testTarget(name: "PluginsTests", dependencies: ["Plugins", "TopologyDSL"]),
        .testTarget(name: "StoresTests", dependencies: ["StreamrunStores"]),
        .testTarget(
            name: "StreamrunTestingTests",
            dependencies: [
                "StreamrunTesting", "Runner", "Plugins", "TopologyDSL", "SellableInventory",
            ]),
        .testTarget(
            name: "RunnerTests",
            dependencies: [
                "Runner", "Plugins", "TopologyDSL", "SellableInventory", "StreamrunPostgres", "StreamrunStores",
                "StreamrunEngine", "StreamrunLog", "StreamrunKafka", "StreamrunHTTP", "StreamrunSchemaRegistry",
                "StreamrunCommands",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)

// Swift's stricter checks, on every Swift target: existentials spelled `any`, members visible only
// from modules a file imports, and imports internal unless a file says `public import`.
for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}

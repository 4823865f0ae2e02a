// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "streamrun",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "TopologyDSL", targets: ["TopologyDSL"]),
        .library(name: "Plugins", targets: ["Plugins"]),
        .library(name: "Runner", targets: ["Runner"]),
        .library(name: "StreamrunCommands", targets: ["StreamrunCommands"]),
        .library(name: "StreamrunTesting", targets: ["StreamrunTesting"]),
        .executable(name: "sellable-inventory", targets: ["sellable-inventory"]),
        .executable(name: "custom-plugin-app", targets: ["custom-plugin-app"]),
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
    ],
    targets: [
        .systemLibrary(name: "CRdKafka", path: "Sources/CRdKafka", pkgConfig: "rdkafka",
                       providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CRocksDB", path: "Sources/CRocksDB",
                       providers: [.apt(["librocksdb-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CAvro", path: "Sources/CAvro", pkgConfig: "avro-c",
                       providers: [.apt(["libavro-dev"])]),
        .target(name: "TopologyDSL", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "Plugins", dependencies: [
            "TopologyDSL", "CRocksDB", "CAvro", "CSQLite",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .target(name: "Runner", dependencies: [
            "TopologyDSL", "Plugins", "CRdKafka",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "StreamrunCommands", dependencies: [
            "Runner", "TopologyDSL",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "StreamrunTesting", dependencies: [
            "Runner", "TopologyDSL", "Plugins",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(name: "streamrun", dependencies: [
            "StreamrunCommands", "StreamrunTesting", "TopologyDSL", "Plugins",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "SellableInventory", dependencies: ["TopologyDSL"],
                path: "examples/sellable-inventory/Sources/SellableInventory"),
        .executableTarget(name: "sellable-inventory", dependencies: [
            "SellableInventory", "StreamrunCommands", "Plugins",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "examples/sellable-inventory/Sources/sellable-inventory"),
        .executableTarget(name: "custom-plugin-app", dependencies: [
            "StreamrunCommands", "Plugins", "TopologyDSL",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "examples/custom-plugin/Sources/custom-plugin-app"),
        .executableTarget(name: "streamrun-bench", dependencies: [
            "Runner", "Plugins", "TopologyDSL",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "bench/Sources/streamrun-bench"),
        .testTarget(name: "TopologyDSLTests", dependencies: ["TopologyDSL", "SellableInventory"]),
        .testTarget(name: "PluginsTests", dependencies: ["Plugins", "TopologyDSL"]),
        .testTarget(name: "StreamrunTestingTests", dependencies: [
            "StreamrunTesting", "Runner", "Plugins", "TopologyDSL", "SellableInventory",
        ]),
        .testTarget(name: "RunnerTests", dependencies: [
            "Runner", "Plugins", "TopologyDSL", "SellableInventory",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)

import Foundation
import Plugins
import StreamrunTesting
import TopologyDSL

/// The package's files, for tests that load the shipped topologies.
enum PackageFiles {
    static var root: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }

    static func topology(_ name: String) -> String { root.appendingPathComponent("topologies/\(name)").path }
}

extension TopologyTestDriver {
    /// A driver for one of the shipped topologies.
    static func shipped(_ name: String, options: Options = Options()) throws -> TopologyTestDriver {
        try TopologyTestDriver(topologyFile: PackageFiles.topology(name), options: options)
    }
}

/// The sellable topology's key.
func locationSku(_ location: String, _ sku: String) -> Value {
    .record(Fields([("location", .string(location)), ("sku", .string(sku))]))
}

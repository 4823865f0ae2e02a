import Foundation
import Plugins
import SellableInventory
import StreamrunTesting
import Testing
import TopologyDSL

/// A topology declared in the Swift DSL runs on the driver like its YAML twin.
@Suite struct DSLOnTheDriverTests {
    @Test func theDSLTwinOfSellableComputesWhatTheYAMLComputes() throws {
        let plugins = BuiltinPlugins.registry
        _ = try plugins.serdes["avro"]?.loadType(
            named: LocationSku.typeName, file: PackageFiles.root.appendingPathComponent("schemas/inventory.avsc").path)
        let dsl = try TopologyTestDriver(graph: sellableInventoryTopology(), plugins: plugins)
        let yaml = try TopologyTestDriver.shipped("sellable.yaml")
        let keys = [locationSku("STL", "1"), locationSku("NYC", "2"), locationSku("STL", "3")]
        for driver in [dsl, yaml] {
            for (index, key) in keys.enumerated() {
                try driver.pipe(topic: "inventory_adjustment", key: key, value: .int(Int64(10 * (index + 1))))
                try driver.pipe(topic: "inventory_reservation", key: key, value: .int(Int64(index)))
            }
        }
        #expect(try dsl.store("sellable_inventory_store") == yaml.store("sellable_inventory_store"))
        #expect(try dsl.store("sellable_inventory_store").count == 3)
        #expect(
            try dsl.readOutput("sellable_inventory").map(\.value) == yaml.readOutput("sellable_inventory").map(\.value))
        #expect(try dsl.lookup(store: "sellable_inventory_store", key: keys[2]) == .int(28))
    }
}

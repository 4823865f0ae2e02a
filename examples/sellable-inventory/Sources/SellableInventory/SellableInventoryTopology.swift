public import TopologyDSL

/// The key of every sellable-inventory topic: a location and a SKU (YAML: `types: LocationSku`).
/// Like the YAML's, it is written in Avro (schemas/inventory.avsc) in the Confluent wire format.
public struct LocationSku: StreamRecord, Hashable {
    public static let typeName = "LocationSku"
    public static let serde = "avro"
    public var location: String
    public var sku: String

    public init(location: String, sku: String) {
        self.location = location
        self.sku = sku
    }
}

/// The sellable-inventory service in the Swift DSL: the twin of `topologies/sellable.yaml`, which
/// compiles to the same graph (`describe --format json` prints the same JSON).
public func sellableInventoryTopology() throws -> TopologyGraph {
    try Topology(application: "sellableInventoryCalculator") {
        let adjustmentTopic = Topic<LocationSku, Int32>("inventory_adjustment", partitions: 3)
        let reservationTopic = Topic<LocationSku, Int32>("inventory_reservation", partitions: 3)
        let sellableTopic = Topic<LocationSku, Int32>("sellable_inventory", partitions: 3)
        adjustmentTopic
        reservationTopic
        sellableTopic

        // Sum adjustments and reservations per location/SKU, then subtract what is reserved.
        let adjustments = adjustmentTopic.stream().groupByKey().reduce(named: "adjustments", sum)
        let reservations = reservationTopic.stream().groupByKey().reduce(named: "reservations", sum)
        let sellable = adjustments.leftJoin(reservations, named: "sellable", store: "sellable_inventory_store") {
            adjusted, reserved in try difference(adjusted, reserved ?? 0)
        }
        sellable.to(sellableTopic)

        Command(
            post: "/inventory/adjustment", topic: adjustmentTopic,
            key: locationSku, value: count,
            reply: { topic, partition, offset in "Updated Inventory [\(topic)-\(partition)@\(offset)]" })
        Command(
            post: "/inventory/reservation", topic: reservationTopic,
            key: locationSku, value: count,
            reply: { _, partition, _ in "Inventory Reservation requested on Partition {\(partition)}" })
        Query(get: "/inventory/locations/{location}/skus/{sku}", table: sellable) { request in
            LocationSku(location: try request.path.string("location"), sku: try request.path.string("sku"))
        } reply: { key, count in
            .object(["locationId": key.location, "sku": key.sku, "count": count])
        }
    }.build()
}

/// `a + b`, throwing on int32 overflow (Swift's `+` would trap and stop the process).
@Sendable private func sum(_ a: Int32, _ b: Int32) throws -> Int32 {
    let (result, overflow) = a.addingReportingOverflow(b)
    if overflow { throw EvaluationError("int32 overflow: \(a) + \(b)") }
    return result
}

/// `a - b`, throwing on int32 overflow.
@Sendable private func difference(_ a: Int32, _ b: Int32) throws -> Int32 {
    let (result, overflow) = a.subtractingReportingOverflow(b)
    if overflow { throw EvaluationError("int32 overflow: \(a) - \(b)") }
    return result
}

/// The key of a command: `locationId` (or `location`) and `sku` from the JSON body.
@Sendable private func locationSku(_ request: EndpointRequest) throws -> LocationSku {
    LocationSku(location: try request.body.string("locationId", or: "location"), sku: try request.body.string("sku"))
}

/// The value of a command: `count`, a JSON number or a numeric string.
@Sendable private func count(_ request: EndpointRequest) throws -> Int32 {
    try request.body.int32("count")
}

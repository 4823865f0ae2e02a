import TopologyDSL

extension TaskRecord {
    /// The key's bytes under `serde`, serializing the decoded key when an operator changed it.
    mutating func ensureKeyBytes(_ serde: any Serde) throws -> [UInt8]? {
        if let keyBytes { return keyBytes }
        if key.isNull { return nil }
        let bytes = try serde.serialize(key)
        keyBytes = bytes
        return bytes
    }
}

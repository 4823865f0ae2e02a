package import TopologyDSL

/// Where a store's committed bytes live (RocksDB or memory). Reads are safe from any thread;
/// writes are staged by the task's thread and become visible when the task commits.
package protocol StoreBackend: AnyObject, Sendable {
    /// The committed value of `key`, decoded with `serde`, with its timestamp.
    func read(_ key: [UInt8], serde: any Serde) throws -> TimestampedValue?
    /// Stages `value` (serialized) with the timestamp of the record that wrote it.
    func stagePut(_ key: [UInt8], _ value: [UInt8], timestamp: Int64) throws
    func stageDelete(_ key: [UInt8]) throws
    /// Called after the task's batch is durably written.
    func didCommit()
    /// An estimate of the number of keys.
    var approximateCount: Int { get }
    /// Visits every committed key.
    func forEachKey(_ body: ([UInt8]) throws -> Void) throws
    /// Removes every key (used before a full restore).
    func clear() throws
}

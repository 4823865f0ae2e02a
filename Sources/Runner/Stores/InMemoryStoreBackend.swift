import Foundation
package import TopologyDSL

/// A store backend in a dictionary (values as `TimestampedValue` encodes them); staged writes apply at commit. Lost on restart, so it is
/// always restored from its changelog.
// @unchecked Sendable: `committed` is read and written under `lock`; `staged` only by `stagePut`, `stageDelete` and
// `didCommit`, on the task's (stream) thread.
package final class InMemoryStoreBackend: StoreBackend, @unchecked Sendable {
    private let lock = NSLock()
    private var committed: [[UInt8]: [UInt8]] = [:]
    private var staged: [([UInt8], [UInt8]?)] = []

    package init() {}

    package func read(_ key: [UInt8], serde: any Serde) throws -> TimestampedValue? {
        guard let bytes = lock.withLock({ committed[key] }) else { return nil }
        return try bytes.withUnsafeBytes { try TimestampedValue.decode($0, serde: serde) }
    }

    package func stagePut(_ key: [UInt8], _ value: [UInt8], timestamp: Int64) {
        var bytes: [UInt8] = []
        TimestampedValue.encode(value, timestamp: timestamp, into: &bytes)
        staged.append((key, bytes))
    }
    package func stageDelete(_ key: [UInt8]) { staged.append((key, nil)) }

    package func didCommit() {
        lock.withLock {
            for (key, value) in staged { committed[key] = value }
        }
        staged.removeAll(keepingCapacity: true)
    }

    package var approximateCount: Int { lock.withLock { committed.count } }

    package func forEachKey(_ body: ([UInt8]) throws -> Void) throws {
        for key in lock.withLock({ Array(committed.keys) }) { try body(key) }
    }

    package func clear() throws { lock.withLock { committed.removeAll() } }
}

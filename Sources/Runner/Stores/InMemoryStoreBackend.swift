import Foundation
package import TopologyDSL

/// A store backend in a dictionary; staged writes apply at commit. Lost on restart, so it is always
/// restored from its changelog.
// @unchecked Sendable: `committed` is read and written under `lock`; `staged` only by `stagePut`, `stageDelete` and
// `didCommit`, on the task's (stream) thread.
package final class InMemoryStoreBackend: StoreBackend, @unchecked Sendable {
    private let lock = NSLock()
    private var committed: [[UInt8]: [UInt8]] = [:]
    private var staged: [([UInt8], [UInt8]?)] = []

    package init() {}

    package func withValue<R>(_ key: [UInt8], _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        guard let bytes = lock.withLock({ committed[key] }) else { return try body(nil) }
        return try bytes.withUnsafeBytes { try body($0) }
    }

    package func stagePut(_ key: [UInt8], _ value: [UInt8]) { staged.append((key, value)) }
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

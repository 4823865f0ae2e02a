/// Where one store of one task keeps its committed bytes. The engine's store sits on top of it (a
/// record cache, the changelog, restore): it hands the backend opaque value bytes and asks for them
/// back, so a backend never sees a serde. Reads may come from any thread; staging and `didCommit`
/// come from the task's stream thread only.
public protocol StoreBackend: AnyObject, Sendable {
    /// Calls `body` with the committed bytes of `key` (nil when absent), valid only during the call.
    func withValue<R>(_ key: [UInt8], _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R
    /// Stages `value` for `key`, to be committed at the next `didCommit`.
    func stagePut(_ key: [UInt8], _ value: [UInt8]) throws
    /// Stages the deletion of `key`.
    func stageDelete(_ key: [UInt8]) throws
    /// Called once the task's commit is durable (its changelog records and input offsets): what was
    /// staged becomes what `withValue` reads. A throw fails the task, which is reopened and restored.
    func didCommit() throws
    /// An estimate of the number of committed keys.
    var approximateCount: Int { get }
    /// Visits every committed key.
    func forEachKey(_ body: ([UInt8]) throws -> Void) throws
    /// Removes every key.
    func clear() throws
}

/// Makes the backend of a `store-type` (`StoreKind`) beyond the built-in `rocksdb` and `memory`.
/// The changelog is the source of truth for a plugin's store: the engine clears the backend when
/// its task opens and restores it from the whole changelog, as it does for `memory`.
public protocol StoreBackendPlugin: Sendable {
    /// The `store-type` it makes (`store-type: NAME` in YAML, `StoreKind("NAME")` in Swift).
    var name: String { get }
    /// The backend of `store` in task `task` (`0_1`: sub-topology 0, partition 1).
    func makeBackend(store: StoreDeclaration, task: String) throws -> any StoreBackend
}

import StreamrunStores
import TopologyDSL

/// What threads other than the stream thread may see of a task (Kafka Streams' read-only store
/// views): its stores, for reads only; its input positions as of its last batch; its inputs that
/// wait for a record they cannot read yet. The stream thread owns the `StreamTask` itself; queries,
/// `/metadata`, `/metrics` and `/ready` read only views, which `TaskManager` publishes as tasks open
/// and close. A view outliving its task reads a closed store, which throws.
struct TaskView: Sendable {
    let id: TaskId
    let inputPartitions: [TopicPartition]
    let stores: [String: ReadOnlyStore]
    let positions: PublishedPositions
    let stalls: InputStalls

    /// The next offset to process per input partition, as of the task's last batch.
    var currentPositions: [TopicPartition: Int64] { positions.current }
}

/// A task's key-value store as queries see it: reads, including updates not yet committed, that
/// never fill the task's cache.
struct ReadOnlyStore: Sendable {
    private let store: StateStore

    init(_ store: StateStore) { self.store = store }

    var name: String { store.name }

    func read(_ key: [UInt8]) throws -> Value? { try store.read(key) }

    /// Every key the store holds (committed or not), commit markers included.
    func keys() throws -> [[UInt8]] { try store.keys() }

    /// An estimate of the number of committed keys.
    var approximateCount: Int { store.backend.approximateCount }
}

/// A task's input positions, published by the stream thread once per batch for other threads.
final class PublishedPositions: Sendable {
    private let positions = Locked<[TopicPartition: Int64]>([:])

    var current: [TopicPartition: Int64] { positions.withLock { $0 } }

    func publish(_ all: [TopicPartition: Int64]) {
        positions.withLock { $0 = all }
    }

    func publish(_ partition: TopicPartition, _ position: Int64?) {
        positions.withLock { $0[partition] = position }
    }
}

import Foundation
import StreamrunEngine

extension LogWriter {
    /// One cycle's I/O: appends every batch, syncs every touched segment, publishes what is
    /// durable (waking consumers), undoes what failed, then calls the delivery callbacks.
    /// Returns the queues whose batch failed.
    func write(_ batches: [QueuedBatch], injectSyncFailure: Bool = false) -> Set<ObjectIdentifier> {
        var results: [Result<PendingAppend, StreamrunError>] = batches.map { batch in
            do {
                return .success(
                    try batch.queue.log.append(
                        batch.buffer.bytes, count: batch.buffer.count,
                        firstOffset: batch.firstOffset))
            } catch {
                return .failure(error as? StreamrunError ?? StreamrunError("embedded log: \(error)"))
            }
        }
        sync(batches, &results, injectFailure: injectSyncFailure)

        var failed = Set<ObjectIdentifier>()
        var published = false
        var rolled = false
        for (batch, result) in zip(batches, results) {
            switch result {
            case .success(let pending):
                batch.queue.log.publish(pending)
                published = true
                rolled = rolled || !pending.created.isEmpty
            case .failure:
                failed.insert(ObjectIdentifier(batch.queue))
            }
        }
        if published { notifier.bump() }
        if rolled { rolls.bump() }

        for (batch, result) in zip(batches, results) {
            switch result {
            case .success:
                let partition = batch.queue.log.topicPartition
                for callback in batch.callbacks {
                    callback.delivery(.success(RecordMetadata(partition, offset: callback.offset)))
                }
            case .failure(let error):
                batch.fail(error)
            }
        }
        return failed
    }

    /// fdatasyncs every segment the cycle wrote (in parallel when there are several); a batch
    /// whose sync failed is undone and turned into a failure.
    private func sync(
        _ batches: [QueuedBatch], _ results: inout [Result<PendingAppend, StreamrunError>],
        injectFailure: Bool
    ) {
        var collected: [(batch: Int, segment: LogSegment)] = []
        for (i, result) in results.enumerated() {
            if case .success(let pending) = result {
                for segment in pending.touched { collected.append((i, segment)) }
            }
        }
        let work = collected
        let errors = SyncErrors(count: work.count)
        if injectFailure {
            for i in work.indices { errors.set(i, StreamrunError("embedded log: injected sync failure")) }
        } else if work.count == 1 {
            do { try work[0].segment.sync() } catch { errors.set(0, error) }
        } else if work.count > 1 {
            DispatchQueue.concurrentPerform(iterations: work.count) { i in
                do { try work[i].segment.sync() } catch { errors.set(i, error) }
            }
        }
        for (i, item) in work.enumerated() {
            guard let error = errors.get(i), case .success(let pending) = results[item.batch] else { continue }
            batches[item.batch].queue.log.undo(pending)
            results[item.batch] = .failure(error as? StreamrunError ?? StreamrunError("embedded log: \(error)"))
        }
    }
}

/// Errors collected from parallel syncs.
// @unchecked Sendable: `errors` is read and written only under `lock`.
private final class SyncErrors: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [(any Error)?]

    init(count: Int) { errors = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ error: any Error) {
        lock.lock()
        errors[i] = error
        lock.unlock()
    }

    func get(_ i: Int) -> (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return errors[i]
    }
}

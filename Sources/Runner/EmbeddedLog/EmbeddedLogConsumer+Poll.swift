import Foundation
public import StreamrunEngine

extension EmbeddedLogConsumer {
    public func poll(maxRecords: Int, timeoutMs: Int) throws -> [any RecordBatch] {
        let deadline = Date(timeIntervalSinceNow: Double(max(timeoutMs, 0)) / 1000)
        try refreshAssignment()
        while true {
            let seen = log.notifier.current
            lock.lock()
            if closed {
                lock.unlock()
                throw StreamrunError("embedded log: poll on a closed consumer")
            }
            if wakeRequested {
                wakeRequested = false
                lock.unlock()
                return []
            }
            let parts = assignment.filter { !paused.contains($0.partition) }
                .map { ($0.partition, $0.log, positions[$0.partition] ?? 0, hints[$0.partition]) }
            rotation &+= 1
            let start = rotation
            lock.unlock()

            let available = parts.map { max(0, $0.1.endOffset - $0.2) }
            if available.contains(where: { $0 > 0 }) {
                let shares = PollFairShare.split(max(maxRecords, 1), among: available, startingAt: start)
                var batches: [any RecordBatch] = []
                var advanced: [(TopicPartition, from: Int64, to: Int64, ReadHint)] = []
                for (i, part) in parts.enumerated() where shares[i] > 0 {
                    guard let (batch, hint) = try part.1.read(from: part.2, maxRecords: shares[i], hint: part.3) else {
                        continue
                    }
                    batches.append(batch)
                    advanced.append((part.0, part.2, batch.nextOffset, hint))
                }
                lock.lock()
                for move in advanced where positions[move.0] == move.from {
                    positions[move.0] = move.to
                    hints[move.0] = move.3
                }
                lock.unlock()
                if !batches.isEmpty { return batches }
            }
            if Date() >= deadline { return [] }
            _ = log.notifier.wait(since: seen, until: deadline)
        }
    }

    /// Brings the assignment of a subscribed consumer up to date (first poll, new subscription,
    /// new topics), telling the listener on this thread.
    func refreshAssignment() throws {
        let version = log.topics.version
        lock.lock()
        guard let topics = subscription else {
            let error = assignError
            lock.unlock()
            if let error { throw error }
            return
        }
        if !subscriptionChanged && version == seenTopicsVersion {
            lock.unlock()
            return
        }
        lock.unlock()

        var target: [TopicPartition: PartitionLog] = [:]
        for topic in topics {
            guard let logs = log.topics.logs(of: topic) else {
                throw StreamrunError("embedded log: cannot consume unknown topic '\(topic)'")
            }
            for partition in logs { target[partition.topicPartition] = partition }
        }

        lock.lock()
        let revoked = assignment.map(\.partition).filter { target[$0] == nil }
        let previousListener = assignedListener
        lock.unlock()
        if !revoked.isEmpty { previousListener?.partitionsRevoked(revoked) }

        lock.lock()
        let current = Set(assignment.map(\.partition))
        let added = target.keys.filter { !current.contains($0) }.sorted()
        for partition in revoked {
            positions[partition] = nil
            hints[partition] = nil
            paused.remove(partition)
        }
        for partition in added {
            positions[partition] = pendingSeeks.removeValue(forKey: partition) ?? group?.committed(partition) ?? 0
        }
        assignment = target.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        subscriptionChanged = false
        seenTopicsVersion = version
        let listener = self.listener
        assignedListener = listener
        lock.unlock()
        if !added.isEmpty { listener?.partitionsAssigned(added) }
    }
}

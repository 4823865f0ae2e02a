/// What a task has applied from each source of one repartition partition it reads: the newest
/// origin position per source. A record whose origin is not newer was applied before (its producer
/// replayed its input after a crash) and is skipped, so an aggregate behind a repartition never
/// counts a record twice. Kept with the task's state and in its commit markers.
final class OriginFilter {
    let input: TopicPartition
    /// Sources are few (the producing sub-topology's input partitions): a list beats hashing.
    private var sources: [[UInt8]] = []
    private var positions: [OriginPosition] = []
    private var last = 0
    /// What the last `admit` changed, so `undoLastAdmit` can put it back: the slot and the
    /// position it held (nil for a source it added).
    private var lastChange: (slot: Int, previous: OriginPosition?)?

    init(input: TopicPartition, applied: [OriginKey: OriginPosition]) {
        self.input = input
        for (key, position) in applied where key.input == input {
            sources.append(key.source)
            positions.append(position)
        }
    }

    /// Whether the record with this `streamrun.origin` header is new; notes it as applied if so.
    /// Records without an origin (written by other producers) are always new.
    func admit(_ header: UnsafeRawBufferPointer?) -> Bool {
        lastChange = nil
        guard let header, let (position, source) = RecordOrigin.parse(header) else { return true }
        let slot = find(source)
        guard let slot else {
            sources.append(Array(source))
            positions.append(position)
            last = sources.count - 1
            lastChange = (last, nil)
            return true
        }
        guard position > positions[slot] else { return false }
        lastChange = (slot, positions[slot])
        positions[slot] = position
        return true
    }

    /// Forgets the record the last `admit` let through (it could not be read yet and will be
    /// admitted again when it is).
    func undoLastAdmit() {
        guard let (slot, previous) = lastChange else { return }
        lastChange = nil
        if let previous {
            positions[slot] = previous
            return
        }
        sources.remove(at: slot)
        positions.remove(at: slot)
        last = 0
    }

    private func find(_ source: UnsafeRawBufferPointer) -> Int? {
        if last < sources.count, Self.equal(sources[last], source) { return last }
        for index in sources.indices where Self.equal(sources[index], source) {
            last = index
            return index
        }
        return nil
    }

    private static func equal(_ bytes: [UInt8], _ buffer: UnsafeRawBufferPointer) -> Bool {
        bytes.count == buffer.count && bytes.withUnsafeBytes { $0.elementsEqual(buffer) }
    }

    /// The applied positions, for the task's state and markers.
    var applied: [OriginKey: OriginPosition] {
        var out: [OriginKey: OriginPosition] = [:]
        for (source, position) in zip(sources, positions) { out[OriginKey(input: input, source: source)] = position }
        return out
    }
}

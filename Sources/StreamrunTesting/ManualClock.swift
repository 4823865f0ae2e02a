import Synchronization

/// The driver's wall clock: it moves only when the test advances it.
final class ManualClock: Sendable {
    private let milliseconds: Atomic<Int64>

    init(_ start: Int64) { milliseconds = Atomic(start) }

    var now: Int64 { milliseconds.load(ordering: .relaxed) }

    func advance(by delta: Int64) { milliseconds.add(delta, ordering: .relaxed) }
}

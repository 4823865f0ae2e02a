import Foundation
import Testing
import TopologyDSL

@testable import StreamrunEngine

/// Blocking work of a start runs on a thread of its own, and its result or error comes back.
struct DedicatedThreadTests {
    struct Refused: Error, Equatable {}

    final class StartedCount: Sendable {
        private let count = Locked(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    @Test func theWorkReturnsItsResult() async throws {
        #expect(try await DedicatedThread.run { 6 * 7 } == 42)
    }

    @Test func anErrorTheWorkThrowsIsRethrownToTheCaller() async {
        await #expect(throws: Refused()) { try await DedicatedThread.run { () throws -> Int in throw Refused() } }
    }

    @Test(.timeLimit(.minutes(1))) func blockingWorkDoesNotHoldTheCallersConcurrencyThreads() async throws {
        // More blocked works than the cooperative pool has threads (one per core) all finish together.
        let count = ProcessInfo.processInfo.activeProcessorCount * 4
        let gate = DispatchSemaphore(value: 0)
        let started = StartedCount()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask {
                    try await DedicatedThread.run {
                        started.add()
                        gate.wait()
                    }
                }
            }
            while started.value < count { try await Task.sleep(for: .milliseconds(5)) }
            for _ in 0..<count { gate.signal() }
            try await group.waitForAll()
        }
        #expect(started.value == count)
    }
}

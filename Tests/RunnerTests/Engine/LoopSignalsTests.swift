import Foundation
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine

/// Threads that loop with pauses stop when asked, not when their pause is over; a loop's end is
/// awaited without a thread blocked on it.
@Suite struct LoopSignalsTests {
    @Test(.timeLimit(.minutes(1))) func aLongPauseEndsWhenStopIsAskedAndStopWaitsForTheThreadToLeave() {
        let signal = StopSignal()
        let result = Locked<Bool?>(nil)
        signal.entered()
        let thread = Thread {
            let stopped = signal.pause(milliseconds: 600_000)  // ten minutes: only a stop ends it in time
            result.withLock { $0 = stopped }
            signal.left()
        }
        thread.start()
        signal.stop(waitingMs: 50_000)
        #expect(result.withLock { $0 } == true)
        #expect(signal.isStopped)
        #expect(signal.pause(milliseconds: 600_000))  // after a stop, a pause returns at once
    }

    @Test func aPauseWithoutAStopLastsItsTimeAndSaysSo() {
        #expect(StopSignal().pause(milliseconds: 10) == false)
    }

    @Test(.timeLimit(.minutes(1))) func aLoopsEndIsAwaitedBeforeAndAfterItComes() async {
        let completion = LoopCompletion()
        let waiter = Task { await completion.wait() }
        let thread = Thread {
            Thread.sleep(forTimeInterval: 0.05)
            completion.complete()
        }
        thread.start()
        await waiter.value
        await completion.wait()  // already complete: returns at once
    }
}

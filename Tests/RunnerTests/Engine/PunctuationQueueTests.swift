import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine

/// Punctuations fire when their time comes, once per check, aligned to their interval.
@Suite struct PunctuationQueueTests {
    @Test func aPunctuationFiresOncePerCheckAndStaysAlignedAcrossAJumpInTime() throws {
        let queue = PunctuationQueue(aligned: false)
        var fired: [Int64] = []
        _ = queue.schedule(every: 10, now: 3) { fired.append($0) }
        #expect(try queue.fire(now: 12) == 0)  // first due at 13
        #expect(try queue.fire(now: 13) == 1)
        #expect(try queue.fire(now: 20) == 0)  // next due at 23
        #expect(try queue.fire(now: 57) == 1)  // 23, 33, 43, 53 passed over: fires once
        #expect(try queue.fire(now: 62) == 0)  // next due at 63, not 67
        #expect(try queue.fire(now: 63) == 1)
        #expect(fired == [13, 57, 63])
    }

    @Test func aCancelledPunctuationNeverFiresAgain() throws {
        let queue = PunctuationQueue(aligned: false)
        var fired = 0
        let schedule = queue.schedule(every: 5, now: -1) { _ in fired += 1 }  // time not known yet: first at 5
        #expect(try queue.fire(now: 5) == 1)
        schedule.cancel()
        #expect(try queue.fire(now: 100) == 0)
        #expect(queue.isEmpty)
        #expect(fired == 1)
    }

    @Test func aFailingPunctuationIsTheCallersErrorAndFiresAgainAtItsNextTime() throws {
        struct Refused: Error {}
        let queue = PunctuationQueue(aligned: false)
        var calls = 0
        _ = queue.schedule(every: 10, now: 0) { _ in
            calls += 1
            if calls == 1 { throw Refused() }
        }
        #expect(throws: Refused.self) { try queue.fire(now: 10) }
        #expect(try queue.fire(now: 15) == 0)
        #expect(try queue.fire(now: 20) == 1)
        #expect(calls == 2)
    }

    @Test func streamTimePunctuationsAreAlignedToTheirIntervalSoAReplayPunctuatesAtTheSameTimes() throws {
        var fired: [Int64] = []
        // A task restarted at stream time 90 000 punctuates at 120 000, as the first run did.
        let restarted = PunctuationQueue(aligned: true)
        _ = restarted.schedule(every: 60_000, now: 90_000) { fired.append($0) }
        #expect(try restarted.fire(now: 119_999) == 0)
        #expect(try restarted.fire(now: 120_000) == 1)
        let fresh = PunctuationQueue(aligned: true)
        _ = fresh.schedule(every: 60_000, now: -1) { fired.append($0) }
        #expect(try fresh.fire(now: 60_000) == 1)
        #expect(fired == [120_000, 60_000])
    }

    @Test func aZeroOrHugeIntervalDoesNotTrap() throws {
        let everyMillisecond = PunctuationQueue(aligned: true)
        _ = everyMillisecond.schedule(every: 0, now: 5) { _ in }  // counts as 1 ms
        #expect(try everyMillisecond.fire(now: 5) == 0)
        #expect(try everyMillisecond.fire(now: 6) == 1)
        let never = PunctuationQueue(aligned: false)
        _ = never.schedule(every: .max, now: 5) { _ in }  // due past the end of time: at .max
        #expect(try never.fire(now: .max - 1) == 0)
        #expect(try never.fire(now: .max) == 1)
    }
}

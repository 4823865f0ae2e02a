@testable import Runner
import Testing
import TopologyDSL

/// Punctuations fire when their time comes, once per check, aligned to their interval.
@Suite struct PunctuationQueueTests {
    @Test func aPunctuationFiresOncePerCheckAndStaysAlignedAcrossAJumpInTime() throws {
        let queue = PunctuationQueue()
        var fired: [Int64] = []
        _ = queue.schedule(every: 10, now: 3) { fired.append($0) }
        #expect(try queue.fire(now: 12) == 0)        // first due at 13
        #expect(try queue.fire(now: 13) == 1)
        #expect(try queue.fire(now: 20) == 0)        // next due at 23
        #expect(try queue.fire(now: 57) == 1)        // 23, 33, 43, 53 passed over: fires once
        #expect(try queue.fire(now: 62) == 0)        // next due at 63, not 67
        #expect(try queue.fire(now: 63) == 1)
        #expect(fired == [13, 57, 63])
    }

    @Test func aCancelledPunctuationNeverFiresAgain() throws {
        let queue = PunctuationQueue()
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
        let queue = PunctuationQueue()
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
}

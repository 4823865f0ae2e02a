import Testing

@testable import TopologyDSL

struct DurationTextTests {
    @Test(
        arguments: [
            ("500ms", 500), ("0s", 0), ("30s", 30_000), ("5m", 300_000), ("1h", 3_600_000), ("7d", 604_800_000),
        ] as [(String, Int64)])
    func aWholeNumberWithAUnitIsReadInMilliseconds(text: String, milliseconds: Int64) {
        #expect(DurationText.milliseconds(text) == milliseconds)
        #expect(DurationText.parse(text) == .milliseconds(milliseconds))
    }

    @Test(arguments: ["", "30", "s", "-5s", "1.5s", "5 m", "5M", "5w", "30sec", "99999999999999999d", " 5s"])
    func anythingElseIsNotADuration(text: String) {
        #expect(DurationText.milliseconds(text) == nil, "\(text.debugDescription)")
    }
}

import Testing

@testable import Runner
@testable import StreamrunEngine

/// A repartition record that could not be read yet is admitted again when it is read again: the
/// origin filter forgets it, whether its source was known before or new.
@Suite struct OriginFilterUndoTests {
    static let input = TopicPartition("app-by-user-repartition", 0)
    static let source = RecordOrigin.source(of: TopicPartition("orders", 1))

    static func admit(_ filter: OriginFilter, offset: Int64) -> Bool {
        RecordOrigin.headerValue(OriginPosition(offset: offset, index: 0), source: source).withUnsafeBytes {
            filter.admit($0)
        }
    }

    @Test func aRecordOfANewSourceIsAdmittedAgainAfterAnUndo() {
        let filter = OriginFilter(input: Self.input, applied: [:])
        #expect(Self.admit(filter, offset: 5))
        filter.undoLastAdmit()
        #expect(filter.applied.isEmpty)
        #expect(Self.admit(filter, offset: 5))
        #expect(!Self.admit(filter, offset: 5))
    }

    @Test func aRecordOfAKnownSourceIsAdmittedAgainAfterAnUndoAndOlderOnesStayDuplicates() {
        let key = OriginKey(input: Self.input, source: Self.source)
        let filter = OriginFilter(input: Self.input, applied: [key: OriginPosition(offset: 3, index: 0)])
        #expect(Self.admit(filter, offset: 7))
        filter.undoLastAdmit()
        #expect(filter.applied[key] == OriginPosition(offset: 3, index: 0))
        #expect(!Self.admit(filter, offset: 3))
        #expect(Self.admit(filter, offset: 7))
    }
}

import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

@Suite("Embedded log: CRC32C and record frames")
struct RecordFrameTests {
    @Test func crc32cMatchesTheStandardCheckValue() {
        let input = logBytes("123456789")
        #expect(input.withUnsafeBytes { CRC32C.checksum($0) } == 0xE306_9283)
        let long = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = long.withUnsafeBytes { CRC32C.checksum($0) }
        let split = long.withUnsafeBytes { raw in
            CRC32C.checksum(
                raw.baseAddress! + 7, count: 993,
                continuing: CRC32C.checksum(raw.baseAddress!, count: 7))
        }
        #expect(whole == split)
    }

    @Test func frameRoundTripsAndDetectsCorruption() {
        let record = logRecord("t", 0, key: "k", value: nil, timestamp: 42, headers: [("h", [1, 2]), ("", [])])
        let buffer = FrameBuffer(capacity: 16)
        let size = RecordFrame.encodedSize(record)
        RecordFrame.encode(record, offset: 7, size: size, into: buffer)
        #expect(buffer.count == size)
        #expect(RecordFrame.check(buffer.bytes, available: size, minimumOffset: 7) == .valid(length: size))
        #expect(RecordFrame.check(buffer.bytes, available: size - 1, minimumOffset: 7) == .incomplete)
        if case .corrupt = RecordFrame.check(buffer.bytes, available: size, minimumOffset: 8) {
        } else {
            Issue.record("an offset below the minimum must be reported as corrupt")
        }
        let view = RecordFrame.view(buffer.bytes)
        #expect(view.offset == 7 && view.timestamp == 42)
        #expect(view.key.map { Array($0) } == logBytes("k"))
        #expect(view.value == nil)
        let headers = RecordHeadersView(buffer.bytes + RecordFrame.headersStart(buffer.bytes)).decoded()
        #expect(headers.map(\.0) == ["h", ""] && headers.map(\.1) == [[1, 2], []])
        buffer.bytes.storeBytes(
            of: buffer.bytes.load(fromByteOffset: size - 3, as: UInt8.self) ^ 0x40,
            toByteOffset: size - 3, as: UInt8.self)
        #expect(RecordFrame.check(buffer.bytes, available: size, minimumOffset: 7) == .corrupt("checksum mismatch"))
    }

    @Test func fairShareSplitsTheBudgetAcrossPartitions() {
        #expect(PollFairShare.split(30, among: [100, 100, 100], startingAt: 0) == [10, 10, 10])
        #expect(PollFairShare.split(30, among: [2, 100, 0], startingAt: 0) == [2, 28, 0])
        #expect(PollFairShare.split(2, among: [5, 5, 5], startingAt: 1).reduce(0, +) == 2)
        #expect(PollFairShare.split(2, among: [5, 5, 5], startingAt: 1) == [0, 1, 1])
        #expect(PollFairShare.split(10, among: [0, 0], startingAt: 3) == [0, 0])
    }
}

import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine

/// `streamrun log compact`, run through the real binary on a data directory.
@Suite struct LogCompactCLITests {
    @Test func logCompactCompactsEveryCompactedTopicAndPrintsWhatItDid() throws {
        let dataDir = TemporaryDirectory.make()
        let logDir = dataDir + "/log"
        var log = try openCleaningLog(logDir, segmentBytes: 1024)
        try log.createTopics([
            TopicSpec(name: "app-store-changelog", partitions: 2, compacted: true),
            TopicSpec(name: "events", partitions: 1),
        ])
        try produceAll(
            log,
            (0..<200).map { logRecord("app-store-changelog", Int32($0 % 2), key: "key-\($0 % 10)", value: "v\($0)") }
                + (0..<50).map { logRecord("events", 0, key: "e\($0)", value: "v\($0)") })
        let eventsBytes = try log.sizeInBytes(of: TopicPartition("events", 0))
        let changelogBytes = try log.sizeInBytes(of: TopicPartition("app-store-changelog", 0))

        // While the log is open (as a runner would have it), the command refuses.
        let refused = try CLITests().run(["log", "compact", "--data-dir", dataDir])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("in use"), "\(refused.stderr)")
        log.close()

        let outcome = try CLITests().run(["log", "compact", "--data-dir", dataDir])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        print(outcome.stdout)
        #expect(outcome.stdout.contains("app-store-changelog-0: 100 → 5 records, \(changelogBytes) → "))
        #expect(outcome.stdout.contains("app-store-changelog-1: 100 → 5 records"))
        #expect(!outcome.stdout.contains("events"))

        log = try openCleaningLog(logDir, segmentBytes: 1024)
        let left = try readToEnd(log, TopicPartition("app-store-changelog", 0))
        #expect(left.map(\.value) == (190..<200).filter { $0 % 2 == 0 }.map { logBytes("v\($0)") })
        #expect(try log.sizeInBytes(of: TopicPartition("app-store-changelog", 0)) < changelogBytes / 10)
        #expect(try log.sizeInBytes(of: TopicPartition("events", 0)) == eventsBytes)  // not compacted
        #expect(try readToEnd(log, TopicPartition("events", 0)).count == 50)
        log.close()
    }

    @Test func logCompactOnADirectoryWithoutALogFails() throws {
        let outcome = try CLITests().run(["log", "compact", "--data-dir", TemporaryDirectory.make() + "/nothing"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("no embedded log"))
    }
}

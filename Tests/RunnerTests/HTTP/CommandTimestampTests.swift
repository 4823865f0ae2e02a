import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

/// A command may take its record's timestamp from the request (`timestamp:` on a command);
/// one that is not epoch milliseconds is a 400 naming the field, and nothing is written.
@Suite(.serialized) struct CommandTimestampTests {
    static let yaml = """
        application: stamped
        topics:
          events: { partitions: 1, key: string, value: string }
        http:
          commands:
            - post: /events
              topic: events
              key: body.id
              value: body.text
              timestamp: long(body.at)
        """

    @Test func theRecordCarriesTheRequestsTimestampAndABadOneIsA400() async throws {
        let directory = TemporaryDirectory.make()
        let topology = directory + "/stamped.yaml"
        try Self.yaml.write(toFile: topology, atomically: true, encoding: .utf8)
        let server = try await ServerProcess.start(dataDirectory: directory + "/data", command: ["run", topology])
        #expect(try await server.post("/events", #"{"id":"a","text":"x","at":1700000000123}"#).status == 200)
        for bad in [#"{"id":"b","text":"y","at":-5}"#, #"{"id":"c","text":"z","at":"soon"}"#] {
            let reply = try await server.post("/events", bad)
            #expect(reply.status == 400, "\(bad) -> \(reply.status) \(reply.body)")
            #expect(reply.json?["field"] as? String != nil, "\(bad) -> \(reply.body)")
        }
        #expect(server.terminate() == 0)
        let log = try EmbeddedLog(directory: directory + "/data/log")
        defer { log.close() }
        let consumer = try log.makeConsumer(group: nil)
        defer { consumer.close() }
        consumer.assign([TopicPartition("events", 0): 0])
        var timestamps: [Int64] = []
        for _ in 0..<10 where timestamps.isEmpty {
            for batch in try consumer.poll(maxRecords: 10, timeoutMs: 200) {
                batch.forEach { timestamps.append($0.timestamp) }
            }
        }
        #expect(timestamps == [1_700_000_000_123])
    }
}

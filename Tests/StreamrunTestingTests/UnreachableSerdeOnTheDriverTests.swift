import Foundation
import Plugins
import StreamrunTesting
import Synchronization
import Testing
import TopologyDSL

/// A serde that cannot reach what it needs once a record is already halfway through its task (an
/// output topic's serde, past the source) fails the task instead of dead-lettering the record: the
/// task reopens from its last commit once its backoff has passed, and the record is processed
/// again, counted once.
@Suite struct UnreachableSerdeOnTheDriverTests {
    /// Integers as decimal text, through a service that can be switched off (as a registry).
    final class SwitchableSerde: Serde, SerdePlugin {
        let isDown = Atomic<Bool>(false)
        var name: String { "switchable-int" }
        func makeSerde(for type: ValueType) throws(SerdeError) -> any Serde { self }

        func serialize(_ value: Value, into out: inout [UInt8]) throws(SerdeError) {
            guard !isDown.load(ordering: .relaxed) else {
                throw SerdeError("switchable-int: the service is down", code: .unavailable)
            }
            guard case .int(let number) = value else { throw SerdeError("switchable-int takes integers") }
            out.append(contentsOf: String(number).utf8)
        }

        func deserialize(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) -> Value {
            guard let number = Int64(String(decoding: bytes, as: UTF8.self)) else {
                throw SerdeError("switchable-int: not an integer")
            }
            return .int(number)
        }
    }

    static let yaml = """
        application: unreachableSerde
        topics:
          readings: { partitions: 1, key: string, value: int64 }
          echoes: { partitions: 1, key: string, value: switchable-int }
          totals: { partitions: 1, key: string, value: int64 }
        streams:
          echoed: { from: readings, to: echoes }
        tables:
          sums: { from: echoed, reduce: "aggregate + value", to: totals }
        """

    @Test func aRecordWhoseOutputCannotBeWrittenYetFailsTheTaskAndIsProcessedOnceWhenTheServiceIsBack() throws {
        let serde = SwitchableSerde()
        var plugins = BuiltinPlugins.registry
        plugins.register(serde: serde)
        let driver = try TopologyTestDriver(yaml: Self.yaml, file: "unreachable.yaml", plugins: plugins)
        try driver.pipe(topic: "readings", key: "a", value: 2)

        serde.isDown.store(true, ordering: .relaxed)
        try driver.pipe(topic: "readings", key: "a", value: 3)
        #expect(try driver.deadLetters().isEmpty)
        #expect(driver.tasks(of: "instance-1").isEmpty)  // failed; reopens after half a second
        try driver.advanceWallClockTime(500)  // reopened, the record read again: still down
        #expect(driver.tasks(of: "instance-1").isEmpty)

        serde.isDown.store(false, ordering: .relaxed)
        try driver.advanceWallClockTime(1_000)  // past the doubled backoff
        try driver.commit()
        #expect(try driver.deadLetters().isEmpty)
        #expect(try driver.readOutput("echoes").map(\.value) == [.int(2), .int(3)])
        #expect(try driver.lookup(store: "sums", key: "a") == .int(5))
        #expect(try driver.readOutput("totals").map(\.value).last == .int(5))
    }
}

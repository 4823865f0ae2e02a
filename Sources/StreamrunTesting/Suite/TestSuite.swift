import TopologyDSL
import Yams

/// A `.test.yaml` file: the topology it tests and its tests, each run on a fresh driver.
///
/// ```yaml
/// topology: sellable.yaml          # relative to this file
/// tests:
///   - name: reservations reduce what is sellable
///     input:
///       - { topic: inventory_adjustment, key: { location: STL, sku: "1" }, value: 100 }
///       - { crash: after-markers }
///     expect:
///       outputs: [ { topic: sellable_inventory, key: { location: STL, sku: "1" }, value: 100 } ]
///       stores: { sellable_inventory_store: [ { key: { location: STL, sku: "1" }, value: 100 } ] }
///       dead-letters: []
/// ```
struct TestSuite {
    var file: String
    /// The topology file, resolved against the suite file's directory.
    var topology: Placed<String>
    var tests: [TestCase]
}

struct TestCase {
    var name: String
    var location: SourceLocation
    var instances: [String]?
    var steps: [TestStep]
    var expect: Expectations
}

/// A YAML node whose conversion waits until the topology's types are known.
struct YAMLValue {
    var node: Node
    var location: SourceLocation
}

/// One item of a test's `input`: a record, or a fault or action as data.
struct TestStep {
    enum Action {
        case record(topic: Placed<String>, key: YAMLValue?, value: YAMLValue?, timestamp: Int64?)
        case commit
        /// A crash at a commit step, or between commits (nil).
        case crash(CommitStep?, instance: String?)
        case advanceTime(Int64)
        /// A compacted topic, or every compacted topic (nil).
        case compact(String?)
        case moveTask(String, to: String)
        case failSink(String, times: Int)
        case refuseSinkRow(String, key: YAMLValue, reason: String)
    }

    var action: Action
    var location: SourceLocation
}

struct Expectations {
    /// Expected outputs per topic, in order; nil when the test does not check outputs.
    var outputs: Placed<[ExpectedRecord]>?
    var stores: [(name: Placed<String>, entries: Placed<[ExpectedEntry]>)] = []
    var sinks: [(name: Placed<String>, entries: Placed<[ExpectedEntry]>)] = []
    var deadLetters: Placed<[ExpectedDeadLetter]>?
}

struct ExpectedRecord {
    var topic: Placed<String>
    var key: YAMLValue?
    var value: YAMLValue?
    var timestamp: Int64?
    var location: SourceLocation
}

struct ExpectedEntry {
    var key: YAMLValue
    var value: YAMLValue
    var location: SourceLocation
}

struct ExpectedDeadLetter {
    var topic: String?
    var key: YAMLValue?
    var value: YAMLValue?
    var reason: String?
    var reasonContains: String?
    var location: SourceLocation
}

/// A value of a suite file with where it was written.
struct Placed<T> {
    var value: T
    var location: SourceLocation
}

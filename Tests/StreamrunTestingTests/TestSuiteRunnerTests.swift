import Foundation
import StreamrunTesting
import Testing
import TopologyDSL

/// `.test.yaml` suites through `TestSuiteRunner`: what passes, and what a failure says and where.
@Suite struct TestSuiteRunnerTests {
    func run(_ body: String) throws -> (result: SuiteResult, path: String) {
        let directory = NSTemporaryDirectory() + "streamrun-suite-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/t.test.yaml"
        try ("topology: \(PackageFiles.topology("account-balances.yaml"))\n" + body).write(
            toFile: path, atomically: true, encoding: .utf8)
        return (TestSuiteRunner().run(file: path), path)
    }

    @Test func aSuiteWhoseExpectationsHoldPasses() throws {
        let (result, _) = try run(
            """
            tests:
              - name: sums
                input:
                  - { topic: payments, key: p1, value: { account: a, amount: 2 } }
                  - { topic: payments, key: p2, value: { account: a, amount: 3 } }
                expect:
                  outputs: [ { topic: balances_out, key: a, value: 2 }, { topic: balances_out, key: a, value: 5 } ]
                  stores: { balances: [ { key: a, value: 5 } ] }
                  dead-letters: []
            """)
        #expect(result.passed, "\(result.failures)")
        #expect(result.tests.map(\.name) == ["sums"])
    }

    @Test func aMissingOutputIsReportedAtTheExpectedRecordThatIsNotThere() throws {
        let (result, path) = try run(
            """
            tests:
              - name: one payment
                input:
                  - { topic: payments, key: p1, value: { account: a, amount: 2 } }
                expect:
                  outputs:
                    - { topic: balances_out, key: a, value: 2 }
                    - { topic: balances_out, key: a, value: 4 }
            """)
        let failure = try #require(result.failures.first)
        #expect(result.failures.count == 1)
        #expect(failure.location == SourceLocation(file: path, line: 9, column: 11))
        #expect(failure.test == "one payment")
        #expect(failure.details == ["--- expected", "+++ actual", "  { key: a, value: 2 }", "- { key: a, value: 4 }"])
    }

    @Test func anUnexpectedOutputIsReportedAtTheListWithThePlusLine() throws {
        let (result, path) = try run(
            """
            tests:
              - name: two payments
                input:
                  - { topic: payments, key: p1, value: { account: a, amount: 2 } }
                  - { topic: payments, key: p2, value: { account: b, amount: 1 } }
                expect:
                  outputs: [ { topic: balances_out, key: a, value: 2 } ]
            """)
        let failure = try #require(result.failures.first)
        #expect(failure.location == SourceLocation(file: path, line: 8, column: 16))
        #expect(failure.details.last == "+ { key: b, value: 1 }")
    }

    @Test func storeEntriesCompareWhateverTheirOrderAndADifferenceShowsBothSides() throws {
        let (result, path) = try run(
            """
            tests:
              - name: balances
                input:
                  - { topic: payments, key: p1, value: { account: a, amount: 2 } }
                  - { topic: payments, key: p2, value: { account: b, amount: 1 } }
                expect:
                  stores:
                    balances:
                      - { key: b, value: 1 }
                      - { key: a, value: 3 }
            """)
        let failure = try #require(result.failures.first)
        #expect(failure.location == SourceLocation(file: path, line: 11, column: 13))
        #expect(
            failure.details == [
                "--- expected", "+++ actual", "- { key: a, value: 3 }", "+ { key: a, value: 2 }",
                "  { key: b, value: 1 }",
            ])
    }

    @Test func deadLettersMatchOnTheFieldsTheyNameAndShowTheActualOnes() throws {
        let (result, path) = try run(
            """
            tests:
              - name: overflow
                input:
                  - { topic: payments, key: p1, value: { account: a, amount: 9223372036854775807 } }
                  - { topic: payments, key: p2, value: { account: a, amount: 1 } }
                expect:
                  dead-letters:
                    - { topic: payments, key: p2, reason-contains: "no such reason" }
            """)
        let failure = try #require(result.failures.first)
        #expect(failure.location == SourceLocation(file: path, line: 9, column: 11))
        // The sum overflows in the task that reads the repartition topic: the dead letter names that input.
        #expect(
            failure.details.last
                == #"+ { topic: accountBalances-balances-repartition, key: a, value: { account: a, amount: 1 }, "#
                + #"reason: "integer overflow in 9223372036854775807 + 1" }"#)
    }

    @Test func aFailingStepStopsItsTestAtTheStepsPosition() throws {
        let (result, path) = try run(
            """
            tests:
              - name: moves nowhere
                input:
                  - { move-task: "9_9", to: instance-2 }
                expect: { stores: { balances: [] } }
            """)
        let failure = try #require(result.failures.first)
        #expect(failure.location == SourceLocation(file: path, line: 5, column: 9))
        #expect(failure.message.contains("'9_9' is not a task of the topology"))
    }
}

public import TopologyDSL

/// A failed expectation or a problem of a suite file: where it was written, what is wrong, and
/// for an expectation the expected/actual diff.
public struct SuiteFailure: Sendable, CustomStringConvertible {
    public var location: SourceLocation
    /// The test it belongs to (nil: a problem of the file).
    public var test: String?
    public var message: String
    /// The diff (or other detail lines), printed indented under the message.
    public var details: [String]

    public init(location: SourceLocation, test: String?, message: String, details: [String] = []) {
        self.location = location
        self.test = test
        self.message = message
        self.details = details
    }

    /// `FILE:LINE:COL: error: test 'NAME': MESSAGE`, then the details indented.
    public var description: String {
        let head = "\(location): error: " + (test.map { "test '\($0)': " } ?? "") + message
        return ([head] + details.map { "    " + $0 }).joined(separator: "\n")
    }
}

/// One test's outcome.
public struct SuiteTestResult: Sendable {
    public var name: String
    public var location: SourceLocation
    public var failures: [SuiteFailure]
    public var passed: Bool { failures.isEmpty }
}

/// A suite file's outcome: problems of the file itself (then no test ran), and each test's.
public struct SuiteResult: Sendable {
    public var file: String
    public var problems: [SuiteFailure]
    public var tests: [SuiteTestResult]
    public var passed: Bool { problems.isEmpty && tests.allSatisfy(\.passed) }
    /// Every failure, the file's problems first.
    public var failures: [SuiteFailure] { problems + tests.flatMap(\.failures) }
}

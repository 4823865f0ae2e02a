/// A line diff of expected and actual entries, aligned on the longest common subsequence of
/// entries that match (`matches` decides, not the text: a matched actual entry is shown in its
/// expected form). Lines start with "  " (both), "- " (expected only) or "+ " (actual only).
struct ExpectationDiff {
    struct Line: Equatable {
        enum Side: Equatable { case both, expected, actual }
        var side: Side
        var text: String
        /// The index of the expected entry behind the line (`.both` and `.expected`).
        var expectedIndex: Int?

        var rendered: String {
            switch side {
            case .both: "  " + text
            case .expected: "- " + text
            case .actual: "+ " + text
            }
        }
    }

    let lines: [Line]

    init<E, A>(
        expected: [E], actual: [A], matches: (E, A) -> Bool, expectedText: (E) -> String, actualText: (A) -> String
    ) {
        let n = expected.count
        let m = actual.count
        // lengths[i][j]: the longest common subsequence of expected[i...] and actual[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] =
                    matches(expected[i], actual[j])
                    ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var lines: [Line] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, matches(expected[i], actual[j]) {
                lines.append(Line(side: .both, text: expectedText(expected[i]), expectedIndex: i))
                i += 1
                j += 1
            } else if i < n, j == m || lengths[i + 1][j] >= lengths[i][j + 1] {
                lines.append(Line(side: .expected, text: expectedText(expected[i]), expectedIndex: i))
                i += 1
            } else {
                lines.append(Line(side: .actual, text: actualText(actual[j])))
                j += 1
            }
        }
        self.lines = lines
    }

    var isEmpty: Bool { lines.allSatisfy { $0.side == .both } }

    /// The first expected entry that is missing or different, if any.
    var firstMissingExpected: Int? { lines.first { $0.side == .expected }?.expectedIndex }

    /// The diff as text lines, headed by `--- expected` / `+++ actual`.
    var rendered: [String] { ["--- expected", "+++ actual"] + lines.map(\.rendered) }
}

package import TopologyDSL

/// Finds the rows a database refuses for good inside a batch, so that the others are written: a
/// transaction that fails because of a row is split in halves, each written in its own
/// transaction (in the batch's order, so later rows still win), until every refused row is alone.
/// A batch with k refused rows of n takes about k·log2(n) extra transactions.
package enum RefusedRowSearch {
    /// Writes `rows` in order with `commit` (one transaction per call). `refusal` tells whether an
    /// error is a row's fault and why (nil: it is not, and it is thrown). Returns the refused
    /// rows' positions in `rows` with their reasons, in order.
    package static func write<Row>(
        _ rows: [Row], commit: (ArraySlice<Row>) throws -> Void,
        refusal: (any Error) -> String?
    ) throws -> [SinkError.Rejection] {
        var refused: [SinkError.Rejection] = []
        func attempt(_ range: Range<Int>) throws {
            guard !range.isEmpty else { return }
            do {
                try commit(rows[range])
            } catch {
                guard let reason = refusal(error) else { throw error }
                guard range.count > 1 else { return refused.append(.init(index: range.lowerBound, reason: reason)) }
                let middle = range.lowerBound + range.count / 2
                try attempt(range.lowerBound..<middle)
                try attempt(middle..<range.upperBound)
            }
        }
        try attempt(rows.indices)
        return refused
    }
}

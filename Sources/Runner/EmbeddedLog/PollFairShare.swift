/// Splits a record budget fairly among partitions (water-filling), rotating who gets the remainder.
enum PollFairShare {
    static func split(_ budget: Int, among available: [Int64], startingAt start: Int) -> [Int] {
        var shares = [Int](repeating: 0, count: available.count)
        guard !available.isEmpty else { return shares }
        var remaining = budget
        let first = ((start % available.count) + available.count) % available.count
        var active = (0..<available.count).map { (first + $0) % available.count }.filter { available[$0] > 0 }
        while remaining > 0 && !active.isEmpty {
            let each = max(1, remaining / active.count)
            var next: [Int] = []
            for i in active where remaining > 0 {
                let give = Int(min(Int64(each), available[i] - Int64(shares[i]), Int64(remaining)))
                shares[i] += give
                remaining -= give
                if Int64(shares[i]) < available[i] { next.append(i) }
            }
            active = next
        }
        return shares
    }
}

/// Durations as topology files and plugin parameters write them: a whole number and a unit, `500ms`,
/// `30s`, `5m`, `1h`, `7d` (Kafka Streams' `Duration`s, as ksqlDB spells them shorter).
public enum DurationText {
    /// What a duration looks like, for error messages.
    public static let syntax = "a whole number with ms, s, m, h or d (500ms, 30s, 5m, 1h, 7d)"

    /// The duration `text` spells, or nil if it is not one (a negative or fractional number, no unit,
    /// an unknown unit, or more milliseconds than an Int64 holds).
    public static func parse(_ text: String) -> Duration? {
        milliseconds(text).map { .milliseconds($0) }
    }

    /// The duration `text` spells in milliseconds, or nil if it is not one.
    public static func milliseconds(_ text: String) -> Int64? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int64(digits) else { return nil }
        let factor: Int64
        switch text.dropFirst(digits.count) {
        case "ms": factor = 1
        case "s": factor = 1000
        case "m": factor = 60_000
        case "h": factor = 3_600_000
        case "d": factor = 86_400_000
        default: return nil
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: factor)
        return overflow ? nil : product
    }
}

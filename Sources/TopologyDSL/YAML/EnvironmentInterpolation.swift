import Foundation

/// Replaces `${NAME}` and `${NAME:-default}` in a topology file's text with environment variables,
/// reporting each unset variable without a default at its line and column.
struct EnvironmentInterpolation {
    let environment: [String: String]

    func apply(_ text: String, file: String) -> (text: String, diagnostics: [Diagnostic]) {
        var out = ""
        var diagnostics: [Diagnostic] = []
        var line = 1
        var column = 1
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("${"), let close = text[index...].firstIndex(of: "}") {
                let body = text[text.index(index, offsetBy: 2)..<close]
                let parts = body.components(separatedBy: ":-")
                let name = parts[0]
                let fallback = parts.count > 1 ? parts.dropFirst().joined(separator: ":-") : nil
                if let value = environment[name] ?? fallback {
                    out += value
                } else {
                    diagnostics.append(
                        Diagnostic(
                            "environment variable \(name) is not set (write ${\(name):-default} for a default)",
                            at: SourceLocation(file: file, line: line, column: column)))
                }
                column += text.distance(from: index, to: close) + 1
                index = text.index(after: close)
                continue
            }
            let character = text[index]
            out.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index = text.index(after: index)
        }
        return (out, diagnostics)
    }
}

/// A string template with `{expression}` holes compiled once; `{{` / `}}` are literal braces.
public struct CompiledTemplate: Sendable {
    /// A compiled piece of the template.
    private enum Part: Sendable {
        case text(String)
        case hole(ExpressionEvaluator)
    }

    /// The template text it was compiled from.
    public let source: String
    /// The expressions in the holes, in order (e.g. to check which variables the template uses).
    public let expressions: [CompiledExpression]
    private let parts: [Part]
    private let literalLength: Int

    /// Compiles every hole against `layout`; error offsets are relative to the whole template.
    public static func compile(
        _ template: String, layout: ScopeLayout, functions: ExpressionFunctions = .standard
    ) throws(ExpressionError) -> CompiledTemplate {
        var parts: [Part] = []
        var expressions: [CompiledExpression] = []
        var errors: [ExpressionError] = []
        for piece in try TemplateScanner.scan(template) {
            switch piece {
            case .text(let text):
                parts.append(.text(text))
            case .hole(let source, let offset):
                do throws(ExpressionError) {
                    let expression = try CompiledExpression.compile(source, layout: layout, functions: functions)
                    expressions.append(expression)
                    parts.append(.hole(expression.evaluator))
                } catch {
                    errors += error.shifted(by: offset).allErrors
                }
            }
        }
        if var first = errors.first {
            first.additional = Array(errors.dropFirst())
            throw first
        }
        return CompiledTemplate(source: template, expressions: expressions, parts: parts)
    }

    private init(source: String, expressions: [CompiledExpression], parts: [Part]) {
        self.source = source
        self.expressions = expressions
        self.parts = parts
        self.literalLength = parts.reduce(0) { total, part in
            if case .text(let text) = part { return total + text.utf8.count }
            return total
        }
    }

    /// True when the template has no holes (its text is constant).
    public var isConstant: Bool { expressions.isEmpty }

    /// The text with each hole replaced by its value rendered plainly (`ValueText.plain`).
    public func render(_ scope: borrowing Scope) throws(EvaluationError) -> String {
        var out = ""
        out.reserveCapacity(literalLength + 24 * expressions.count)
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .hole(let evaluate):
                switch try evaluate(scope) {
                case .string(let s): out += s
                case .int(let i): out += String(i)
                case let value: out += ValueText.plain(value)
                }
            }
        }
        return out
    }
}

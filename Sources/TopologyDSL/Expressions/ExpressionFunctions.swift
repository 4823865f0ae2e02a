/// The registry of functions available to expressions; start from `.standard` and `register` your own.
public struct ExpressionFunctions: Sendable {
    private var table: [String: ExpressionFunction] = [:]

    /// An empty registry.
    public init() {}

    public init(_ functions: [ExpressionFunction]) {
        for function in functions { register(function) }
    }

    /// Adds `function`, replacing any function of the same name.
    public mutating func register(_ function: ExpressionFunction) {
        table[function.name] = function
    }

    /// A copy with `function` added.
    public func registering(_ function: ExpressionFunction) -> ExpressionFunctions {
        var copy = self
        copy.register(function)
        return copy
    }

    public subscript(name: String) -> ExpressionFunction? { table[name] }

    /// All function names, sorted.
    public var names: [String] { table.keys.sorted() }

    /// The built-in functions: conversions, text, numeric and null handling.
    public static let standard = ExpressionFunctions(
        StandardFunctions.conversions + StandardFunctions.text + StandardFunctions.numeric)
}

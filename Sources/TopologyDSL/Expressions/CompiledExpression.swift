/// An expression compiled once against a `ScopeLayout`: its static type and a closure to evaluate per record.
public struct CompiledExpression: Sendable {
    /// The source text it was compiled from.
    public let source: String
    /// The statically inferred result type (`any` when only known at run time).
    public let type: ValueType
    /// When `type` is dynamic, the kinds its non-null values can have at run time as far as the
    /// operators tell (`body.n + 1` is a number); nil when they could be anything.
    public let possibleKinds: Set<ValueType.Kind>?
    /// The layout whose slot indices the expression reads.
    public let layout: ScopeLayout
    /// The root closure; internal so templates can call it without going through the struct.
    let evaluator: ExpressionEvaluator
    private let paths: [String: [[String]]]

    /// Parses and type-checks `source`; throws the first error, with any others in `additional`.
    public static func compile(
        _ source: String, layout: ScopeLayout, functions: ExpressionFunctions = .standard
    ) throws(ExpressionError) -> CompiledExpression {
        let node = try ExpressionParser.parse(source)
        var compiler = ExpressionCompiler(layout: layout, functions: functions)
        let compiled = compiler.compile(node)
        if var first = compiler.errors.first {
            first.additional = Array(compiler.errors.dropFirst())
            throw first
        }
        return CompiledExpression(
            source: source, type: compiled.type, possibleKinds: compiled.possibleKinds,
            layout: layout, evaluator: compiled.evaluate, paths: ReferencedPaths.collect(node))
    }

    /// Evaluates against `scope`, whose slots must follow `layout`.
    public func evaluate(_ scope: borrowing Scope) throws(EvaluationError) -> Value {
        try evaluator(scope)
    }

    /// The field paths read from `variable`, e.g. `[["locationId"], ["location"]]` for
    /// `body.locationId ?? body.location`; `[]` is the variable read as a whole.
    public func referencedPaths(of variable: String) -> [[String]] { paths[variable] ?? [] }

    /// True when the expression reads `variable` at all.
    public func usesVariable(_ variable: String) -> Bool { paths[variable] != nil }

    private init(
        source: String, type: ValueType, possibleKinds: Set<ValueType.Kind>?, layout: ScopeLayout,
        evaluator: @escaping ExpressionEvaluator, paths: [String: [[String]]]
    ) {
        self.source = source
        self.type = type
        self.possibleKinds = TypeRules.isDynamic(type) ? possibleKinds : nil
        self.layout = layout
        self.evaluator = evaluator
        self.paths = paths
    }
}

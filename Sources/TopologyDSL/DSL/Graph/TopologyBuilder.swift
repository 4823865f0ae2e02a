/// The result builder of `Topology` and `TopologyGroup` bodies: each line is a component; `let`s, `if`,
/// `switch` and `for` work as in any builder.
@resultBuilder
public enum TopologyBuilder {
    public static func buildExpression(_ component: some TopologyComponent) -> [any TopologyComponent] { [component] }
    public static func buildExpression(_ components: [any TopologyComponent]) -> [any TopologyComponent] { components }
    public static func buildBlock(_ parts: [any TopologyComponent]...) -> [any TopologyComponent] {
        parts.flatMap { $0 }
    }
    public static func buildOptional(_ part: [any TopologyComponent]?) -> [any TopologyComponent] { part ?? [] }
    public static func buildEither(first part: [any TopologyComponent]) -> [any TopologyComponent] { part }
    public static func buildEither(second part: [any TopologyComponent]) -> [any TopologyComponent] { part }
    public static func buildArray(_ parts: [[any TopologyComponent]]) -> [any TopologyComponent] {
        parts.flatMap { $0 }
    }
    public static func buildLimitedAvailability(_ part: [any TopologyComponent]) -> [any TopologyComponent] { part }
}

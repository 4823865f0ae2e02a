import Foundation
import Yams

/// Loads topology files: YAML text to a validated operator graph, or every problem at once.
public struct TopologyLoader: Sendable {
    public var plugins: PluginRegistry
    public var functions: ExpressionFunctions

    public init(plugins: PluginRegistry, functions: ExpressionFunctions = .standard) {
        self.plugins = plugins
        self.functions = functions
    }

    /// Reads and compiles the topology file at `path`.
    public func load(file path: String) throws(TopologyErrors) -> TopologyGraph {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TopologyErrors([
                Diagnostic("cannot read the topology file", at: SourceLocation(file: path, line: 1, column: 1))
            ])
        }
        return try load(yaml: String(decoding: data, as: UTF8.self), file: path)
    }

    /// A top-level string setting of a topology file, read before the file is compiled (the
    /// `schema-registry:` URL decides how the plugins that compile it are made).
    public static func setting(_ key: String, inFile path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path),
            let root = try? Yams.compose(yaml: String(decoding: data, as: UTF8.self)),
            case .mapping(let mapping) = root
        else { return nil }
        return mapping[Node(key)]?.scalar?.string
    }

    /// Compiles topology YAML; `file` names it in diagnostics. `${NAME}` and `${NAME:-default}` are
    /// replaced by environment variables first.
    public func load(yaml: String, file: String = "<topology>") throws(TopologyErrors) -> TopologyGraph {
        let interpolated = EnvironmentInterpolation(environment: ProcessInfo.processInfo.environment).apply(
            yaml, file: file)
        guard interpolated.diagnostics.isEmpty else { throw TopologyErrors(interpolated.diagnostics) }
        var parser = TopologySpecParser(file: file)
        let spec = parser.parse(interpolated.text)
        var compiler = TopologyCompiler(spec: spec, reader: parser.reader, plugins: plugins, functions: functions)
        let graph = compiler.compile()
        let diagnostics = compiler.reader.diagnostics.sorted {
            ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
        }
        guard let graph, diagnostics.isEmpty else { throw TopologyErrors(diagnostics) }
        return graph
    }
}

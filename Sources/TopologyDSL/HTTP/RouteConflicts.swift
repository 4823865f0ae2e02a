/// The clashes an HTTP server cannot serve: two endpoints on one method and path, and endpoints on
/// the runner's built-in paths. Reported as errors at the endpoint's declaration instead of a crash
/// when the routes are registered.
public enum RouteConflicts {
    /// One declared route.
    public struct Route: Sendable {
        public var method: String
        public var path: String
        public var location: SourceLocation?
        public init(method: String, path: String, location: SourceLocation?) {
            self.method = method
            self.path = path
            self.location = location
        }
    }

    /// The runner's own endpoints (any method on them is refused).
    public static let builtinPaths = ["/health", "/ready", "/metrics", "/metadata", "/topology"]
    /// The first path segment of the built-in store lookup `/stores/{store}/keys/{key}`.
    public static let builtinPrefix = "stores"

    /// The routes of `http`: its commands (POST) and queries (GET), in declaration order.
    public static func routes(of http: HTTPDeclaration) -> [Route] {
        http.commands.map { Route(method: "POST", path: $0.path, location: $0.location) }
            + http.queries.map { Route(method: "GET", path: $0.path, location: $0.location) }
    }

    /// One error per route that repeats an earlier route's method and path (parameter names do not
    /// tell routes apart: `/a/{x}` and `/a/{y}` are the same route) or lies on a built-in path.
    public static func find(in routes: [Route]) -> [Diagnostic] {
        var errors: [Diagnostic] = []
        var seen: [String: Route] = [:]
        for route in routes {
            let segments = canonicalSegments(route.path)
            if let builtin = builtin(segments) {
                errors.append(
                    Diagnostic(
                        "\(route.method) \(route.path) is on the built-in endpoint \(builtin); choose another path",
                        at: route.location))
                continue
            }
            let key = route.method + " /" + segments.joined(separator: "/")
            if let first = seen[key] {
                let firstAt = first.location.map { " (declared at \($0))" } ?? ""
                errors.append(
                    Diagnostic(
                        "\(route.method) \(route.path) is declared twice: the same route as \(first.path)\(firstAt)",
                        at: route.location))
            } else {
                seen[key] = route
            }
        }
        return errors
    }

    /// The built-in endpoint that `segments` lies on, if any.
    private static func builtin(_ segments: [String]) -> String? {
        if segments.first == builtinPrefix { return "/\(builtinPrefix)/{store}/keys/{key}" }
        let path = "/" + segments.joined(separator: "/")
        return builtinPaths.contains(path) ? path : nil
    }

    /// The path's segments as the router matches them: empty segments dropped, each `{name}` as `{}`.
    static func canonicalSegments(_ path: String) -> [String] {
        path.split(separator: "/").map { segment in
            var out = ""
            var inCapture = false
            for character in segment {
                switch character {
                case "{":
                    inCapture = true
                    out.append("{")
                case "}":
                    inCapture = false
                    out.append("}")
                default: if !inCapture { out.append(character) }
                }
            }
            return out
        }
    }
}

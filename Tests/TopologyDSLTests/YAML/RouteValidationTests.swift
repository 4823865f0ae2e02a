import Testing
import TopologyDSL

/// Routes the server could not register are validation errors at the route, not startup crashes.
@Suite struct RouteValidationTests {
    /// A valid topology with `routes` (YAML lines under `http:`) as its HTTP section.
    static func topology(_ routes: String, extra: String = "") -> String {
        """
        application: routes
        topics:
          counts: { partitions: 1, key: string, value: int32 }
        tables:
          totals: { from: counts, reduce: "aggregate + value"\(extra) }
        http:
        \(routes)
        """
    }

    static let query = "store: totals, key: path.id }"

    @Test func twoQueriesOnTheSamePathAreAnErrorAtTheSecond() throws {
        let yaml = Self.topology(
            """
              queries:
                - { get: "/totals/{id}", \(Self.query)
                - { get: "/totals/{id}", \(Self.query)
            """)
        let errors = TestPlugins.errors(yaml)
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.location?.line == 9)
        #expect(error.location?.column == 14)
        #expect(error.message.contains("GET /totals/{id} is declared twice"))
        #expect(error.message.contains("test.yaml:8:14"), "names the first declaration: \(error.message)")
    }

    @Test func parameterNamesDoNotMakeADifferentRoute() throws {
        let yaml = Self.topology(
            """
              queries:
                - { get: "/totals/{id}", \(Self.query)
                - { get: "/totals/{other}/", store: totals, key: path.other }
            """)
        let errors = TestPlugins.errors(yaml)
        #expect(errors.map(\.location?.line) == [9])
        #expect(errors.first?.message.contains("declared twice") == true)
    }

    @Test func twoCommandsOnTheSamePathAreAnError() throws {
        let command = "topic: counts, key: body.id, value: int(body.n) }"
        let yaml = Self.topology(
            """
              commands:
                - { post: /count, \(command)
                - { post: /count, \(command)
            """)
        #expect(TestPlugins.errors(yaml).map(\.location?.line) == [9])
    }

    @Test func aCommandAndAQueryMayShareAPath() throws {
        let yaml = Self.topology(
            """
              commands:
                - { post: "/totals/{id}", topic: counts, key: path.id, value: int(body.n) }
              queries:
                - { get: "/totals/{id}", \(Self.query)
            """)
        #expect(TestPlugins.errors(yaml).isEmpty)
    }

    @Test(arguments: [
        "/metrics", "/health", "/ready", "/metadata", "/topology", "/stores/{id}", "/stores/totals/keys/{id}",
    ])
    func aRouteOnABuiltInEndpointIsAnError(path: String) throws {
        let yaml = Self.topology(
            """
              queries:
                - { get: "\(path)", store: totals, key: "'k'" }
            """)
        let error = try #require(TestPlugins.errors(yaml).first)
        #expect(error.location?.line == 8)
        #expect(error.message.contains("built-in endpoint"), "\(error.message)")
    }

    @Test func routeErrorsAreReportedWithTheOtherMistakes() throws {
        let yaml = Self.topology(
            """
              queries:
                - { get: "/metrics", store: totals, key: "'k'" }
                - { get: "/totals/{id}", store: nowhere, key: path.id }
            """, extra: ", frobnicate: 1")
        let lines = TestPlugins.errors(yaml).map(\.description)
        #expect(lines.contains { $0.hasPrefix("test.yaml:5:") && $0.contains("frobnicate") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("test.yaml:8:") && $0.contains("built-in endpoint") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("test.yaml:9:") && $0.contains("nowhere") }, "\(lines)")
    }
}

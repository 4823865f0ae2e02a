import Hummingbird
import StreamrunEngine
import TopologyDSL

/// `/health`, `/ready`, `/metrics`, `/metadata` and `/topology`.
struct OperationalRoutes {
    let runner: StreamRunner

    func register(on router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in APIResponse.json(.record(Fields([("status", "up")]))) }
        router.get("/ready") { _, _ in
            guard let reason = runner.notReadyReason else {
                return APIResponse.json(.record(Fields([("ready", true)])))
            }
            throw APIError(.serviceUnavailable, reason, retryAfterSeconds: 1)
        }
        // Both ask the transport for end offsets, which on Kafka is a call to the broker.
        router.get("/metrics") { _, _ in
            APIResponse.text(
                try await BlockingWork.run { runner.metricsText() }, contentType: "text/plain; version=0.0.4")
        }
        router.get("/metadata") { _, _ in APIResponse.json(try await BlockingWork.run { runner.metadata() }) }
        router.get("/topology") { request, _ in
            let description = TopologyDescription(runner.graph)
            switch request.uri.queryParameters.get("format") ?? "json" {
            case "mermaid": return APIResponse.text(description.mermaid)
            case "text": return APIResponse.text(description.text)
            default: return APIResponse.json(description.jsonValue)
            }
        }
    }
}

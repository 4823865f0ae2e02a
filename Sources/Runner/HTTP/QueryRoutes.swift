import Foundation
import Hummingbird
import StreamrunEngine
import TopologyDSL

/// The topology's query endpoints and the generic `/stores/{store}/keys/{key}` lookup.
struct QueryRoutes {
    let runner: StreamRunner
    let forwarder = RequestForwarder()

    func register(on router: Router<BasicRequestContext>) {
        for query in runner.graph.http.queries {
            router.get(RouterPath(query.path)) { request, context in
                try await runner.metrics.timed(runner.metrics.queryDuration) {
                    try await answer(query, request, context)
                }
            }
        }
        router.get("/stores/{store}/keys/{key}") { request, context in
            try await runner.metrics.timed(runner.metrics.queryDuration) { try await answerStoreKey(request, context) }
        }
    }

    /// A declared query: its key from the path, its reply from the store or the sink table.
    private func answer(_ query: QueryEndpoint, _ request: Request, _ context: BasicRequestContext) async throws
        -> Response
    {
        runner.metrics.queries.add(1)
        let key: Value
        do { key = try query.key(RequestValues(path: PathParameters.decodedRecord(context))) } catch let error
            as EvaluationError
        {
            throw APIError(.badRequest, error.message, field: error.field)
        }
        if let sinkLookup = query.sinkLookup {
            let found: Value?
            do { found = try await sinkLookup(key) } catch {
                throw APIError(.serviceUnavailable, "the table cannot be read: \(error)", retryAfterSeconds: 1)
            }
            return try respond(found, key: key, in: "the sink table of '\(query.store)'") { try query.reply(key, $0) }
        }
        return try await lookup(query.store, key, request) { value in try query.reply(key, value) }
    }

    /// `GET /stores/{store}/keys/{key}`: any store's value of a key, as `{"key", "value"}`.
    private func answerStoreKey(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        runner.metrics.queries.add(1)
        let name: String
        let text: String
        do throws(EvaluationError) {
            name = try PathParameters.decoded(context, "store")
            text = try PathParameters.decoded(context, "key")
        } catch {
            throw APIError(.badRequest, error.message, field: error.field)
        }
        guard let store = runner.graph.store(name) else {
            throw APIError(
                .notFound,
                "unknown store '\(name)'; stores: "
                    + runner.graph.stores.map(\.name).joined(separator: ", "), field: "store")
        }
        guard let key = Self.parseKey(text, type: store.keyType) else {
            throw APIError(
                .badRequest,
                "the key must be a \(store.keyType.name)"
                    + (store.keyType.kind == .record ? " as JSON" : ""), field: "key")
        }
        return try await lookup(name, key, request) { value in
            ReplyBody(
                contentType: "application/json",
                bytes: JSONWriter.encode(.record(Fields([("key", key), ("value", value)]))))
        }
    }

    private func lookup(
        _ store: String, _ key: Value, _ request: Request,
        render: (Value) throws -> ReplyBody
    ) async throws -> Response {
        let found: Value?
        do throws(StreamrunError) {
            found = try await runner.lookup(store: store, key: key)
        } catch {
            switch error.code {
            case .remote(let ownerURL) where !RequestForwarder.wasForwarded(request):
                return try await forwarder.forward(request, to: ownerURL)
            case .badKey: throw APIError(.badRequest, error.description, field: "key")
            case .unknownStore: throw APIError(.notFound, error.description, field: "store")
            case .remote, .notReady, .failed, .notMember, .fenced, .transactionAborted, .unknownTopic, .recordTooLarge,
                .storeTypesChanged, .inputUnavailable:
                throw APIError(.serviceUnavailable, error.description, retryAfterSeconds: 1)
            }
        }
        return try respond(found, key: key, in: "store '\(store)'", render: render)
    }

    /// 404 for an absent key, else the rendered reply (500 if it cannot be rendered).
    private func respond(_ found: Value?, key: Value, in place: String, render: (Value) throws -> ReplyBody) throws
        -> Response
    {
        guard let value = found else {
            throw APIError(.notFound, "no value for key \(JSONWriter.string(key)) in \(place)")
        }
        do { return APIResponse.reply(try render(value)) } catch {
            throw APIError(.internalServerError, "cannot render the reply: \(error)")
        }
    }

    /// A key from a URL segment: JSON for records, a number for integers, else the text.
    static func parseKey(_ text: String, type: ValueType) -> Value? {
        switch type.kind {
        case .int32, .int64: return Int64(text).map { .int($0) }
        case .string: return .string(text)
        default: return try? JSONReader.parse(Array(text.utf8))
        }
    }
}

import Hummingbird
import StreamrunEngine
import TopologyDSL

/// The topology's command endpoints: a JSON body becomes a record, answered once it is durable.
struct CommandRoutes {
    let runner: StreamRunner

    func register(on router: Router<BasicRequestContext>) {
        for command in runner.graph.http.commands {
            router.post(RouterPath(command.path)) { request, context in
                try await runner.metrics.timed(runner.metrics.commandDuration) {
                    do {
                        return try await handle(command, request, context)
                    } catch let refusal as APIError where refusal.status.code < 500 {
                        runner.metrics.commandsRejected.add(1)  // the request's fault; a 503 is ours
                        throw refusal
                    }
                }
            }
        }
    }

    private func handle(_ command: CommandEndpoint, _ request: Request, _ context: BasicRequestContext) async throws
        -> Response
    {
        let body = try await RequestReader.jsonObject(request)
        let key: Value
        let value: Value
        let timestamp: Int64?
        do {
            let values = RequestValues(body: body, path: try PathParameters.decodedRecord(context))
            key = try command.key(values)
            value = try command.value(values)
            timestamp = try command.timestamp.map { try Self.timestamp($0(values)) }
        } catch let error as EvaluationError {
            throw APIError(.badRequest, error.message, field: error.field)
        } catch {
            throw APIError(.badRequest, "\(error)")
        }
        do {
            let metadata = try await runner.append(topic: command.topic, key: key, value: value, timestamp: timestamp)
            runner.metrics.commandsAccepted.add(1)
            let reply = try command.reply(command.topic, metadata.topicPartition.partition, metadata.offset, key, value)
            return APIResponse.reply(reply)
        } catch let error as StreamrunError {
            switch error.code {
            case .recordTooLarge: throw APIError(.contentTooLarge, error.description)
            case .unknownTopic: throw APIError(.internalServerError, error.description)
            case .failed, .notMember, .fenced, .transactionAborted, .storeTypesChanged, .unknownStore, .badKey,
                .notReady,
                .remote, .inputUnavailable:
                throw APIError(.serviceUnavailable, "the record was not accepted: \(error)", retryAfterSeconds: 1)
            }
        } catch let error as SerdeError where error.isRetriable {
            throw APIError(.serviceUnavailable, "the record cannot be written now: \(error)", retryAfterSeconds: 1)
        } catch let error as SerdeError {
            throw APIError(.badRequest, error.description, field: error.field)
        } catch {
            throw APIError(.serviceUnavailable, "the record was not accepted: \(error)", retryAfterSeconds: 1)
        }
    }

    /// A command's timestamp: epoch milliseconds, never negative.
    private static func timestamp(_ value: Value) throws -> Int64 {
        guard let milliseconds = value.intValue, milliseconds >= 0 else {
            throw EvaluationError(
                "the timestamp must be epoch milliseconds (an integer of 0 or more), got "
                    + ValueText.plain(value), field: "timestamp", code: .typeMismatch)
        }
        return milliseconds
    }
}

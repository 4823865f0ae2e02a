import Hummingbird
import TopologyDSL

/// The topology's command endpoints: a JSON body becomes a record, answered once it is durable.
struct CommandRoutes {
    let runner: StreamRunner

    func register(on router: Router<BasicRequestContext>) {
        for command in runner.graph.http.commands {
            router.post(RouterPath(command.path)) { request, context in
                await handle(command, request, context)
            }
        }
    }

    private func handle(_ command: CommandEndpoint, _ request: Request, _ context: BasicRequestContext) async -> Response {
        let body: Value
        switch await RequestReader.jsonObject(request) {
        case .success(let value): body = value
        case .failure(let error):
            runner.metrics.commandsRejected.add(1)
            return error.response
        }
        let key: Value, value: Value
        do {
            let values = RequestValues(body: body, path: try PathParameters.decodedRecord(context))
            key = try command.key(values)
            value = try command.value(values)
        } catch let error as RequestFieldError {
            runner.metrics.commandsRejected.add(1)
            return APIResponse.error(.badRequest, error.message, field: error.field)
        } catch {
            runner.metrics.commandsRejected.add(1)
            return APIResponse.error(.badRequest, "\(error)")
        }
        do {
            let metadata = try await runner.append(topic: command.topic, key: key, value: value)
            runner.metrics.commandsAccepted.add(1)
            let reply = try command.reply(command.topic, metadata.topicPartition.partition, metadata.offset, key, value)
            return APIResponse.reply(reply)
        } catch let error as RecordTooLarge {
            runner.metrics.commandsRejected.add(1)
            return APIResponse.error(.contentTooLarge, error.description)
        } catch let error as SerdeError {
            runner.metrics.commandsRejected.add(1)
            return APIResponse.error(.badRequest, error.description, field: error.field)
        } catch {
            return APIResponse.error(.serviceUnavailable, "the record was not accepted: \(error)", retryAfterSeconds: 1)
        }
    }
}

import Hummingbird

/// Answers every error the router or a handler throws as a JSON error body: a path no endpoint
/// serves (or a method the path does not take) is a JSON 404 instead of Hummingbird's empty one.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as HTTPError {
            let message = error.body ?? Self.message(for: error.status, request)
            var response = APIResponse.error(error.status, message)
            response.headers.append(contentsOf: error.headers)
            return response
        } catch let error as any HTTPResponseError {
            return APIResponse.error(error.status, "\(error)")
        } catch {
            return APIResponse.error(.internalServerError, "internal error: \(error)")
        }
    }

    private static func message(for status: HTTPResponse.Status, _ request: Request) -> String {
        status == .notFound
            ? "no endpoint for \(request.method.rawValue) \(request.uri.path)"
            : status.reasonPhrase
    }
}

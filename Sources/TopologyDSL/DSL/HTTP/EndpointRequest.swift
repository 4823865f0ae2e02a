/// What a command's or query's Swift closures read from an HTTP request: the JSON body, the path
/// parameters (`{location}`) and the query parameters, each with typed getters that throw a
/// `EvaluationError` naming the field (answered as a 400 with `"field"`).
public struct EndpointRequest: Sendable {
    public let body: RequestFields
    public let path: RequestFields
    public let query: RequestFields

    public init(_ values: RequestValues) {
        body = RequestFields(values.body)
        path = RequestFields(values.path)
        query = RequestFields(values.query)
    }

    public init(body: Value = .null, path: Value = .null, query: Value = .null) {
        self.init(RequestValues(body: body, path: path, query: query))
    }
}

/// Adapting Swift closures to `RequestFunction`s.
extension EndpointRequest {
    /// Runs a user's request closure as a `RequestFunction`: any error becomes an `EvaluationError`
    /// (a 400), keeping the field when the error names one.
    static func function<T: StreamValue>(
        _ role: String,
        _ body: @escaping @Sendable (EndpointRequest) throws -> T
    ) -> RequestFunction {
        { values in
            do {
                return try body(EndpointRequest(values)).streamValue
            } catch var error as EvaluationError {
                // A getter's error names its field; a value that does not fit its type says which part it was.
                if error.field == nil { error.message = "invalid \(role): \(error.message)" }
                throw error
            } catch {
                throw EvaluationError("invalid \(role): \(error)")
            }
        }
    }
}

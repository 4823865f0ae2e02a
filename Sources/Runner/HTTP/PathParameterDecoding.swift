import Foundation
import Hummingbird
import TopologyDSL

/// Path parameters as the endpoint's expressions see them: percent-decoded (`New%20Zealand` is
/// `New Zealand`); an invalid escape is the fault of the parameter it is in.
enum PathParameters {
    /// Every path parameter of the matched route, decoded, as a record value (`path.location`).
    static func decodedRecord(_ context: BasicRequestContext) throws(EvaluationError) -> Value {
        var fields = Fields()
        for (name, raw) in context.parameters {
            fields.set(String(name), .string(try decoded(String(raw), name: String(name))))
        }
        return .record(fields)
    }

    /// The decoded text of parameter `name` (empty when the route has no such parameter).
    static func decoded(_ context: BasicRequestContext, _ name: String) throws(EvaluationError) -> String {
        try decoded(context.parameters.get(name) ?? "", name: name)
    }

    private static func decoded(_ raw: String, name: String) throws(EvaluationError) -> String {
        guard let text = raw.removingPercentEncoding else {
            throw EvaluationError(
                "path parameter '\(name)' is not valid percent-encoded UTF-8: '\(raw)'", field: name,
                code: .typeMismatch)
        }
        return text
    }
}

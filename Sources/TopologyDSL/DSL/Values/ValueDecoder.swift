/// Decodes `Decodable` Swift values from `Value`s: records by field name, lists as arrays; integers
/// must fit the Swift type exactly, doubles also accept integers.
public struct ValueDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: Value) throws -> T {
        do { return try T(from: NodeDecoder(value: value, codingPath: [])) } catch let error as DecodingError {
            let code: EvaluationError.Code
            switch error {
            case .keyNotFound, .valueNotFound: code = .missingField  // absent, or null
            case .typeMismatch, .dataCorrupted: code = .typeMismatch
            @unknown default: code = .typeMismatch
            }
            throw EvaluationError(Self.describe(error), field: Self.field(error), code: code)
        }
    }

    /// The path of the field a decoding error is about, if any.
    static func field(_ error: DecodingError) -> String? {
        var keys: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): keys = context.codingPath + [key]
        case .valueNotFound(_, let context), .typeMismatch(_, let context), .dataCorrupted(let context):
            keys = context.codingPath
        @unknown default: keys = []
        }
        return keys.isEmpty ? nil : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// A short message for a decoding error, naming the field by its path (`location`, `items.0.sku`).
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case .valueNotFound(_, let context), .typeMismatch(_, let context), .dataCorrupted(let context):
            let at = path(context.codingPath)
            return at.isEmpty ? context.debugDescription : "field '\(at)': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

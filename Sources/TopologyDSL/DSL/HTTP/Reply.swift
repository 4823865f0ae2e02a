/// The body an endpoint answers with: text (a string literal or interpolation is one), JSON of a
/// value or an `Encodable`, or a JSON object of fields in order.
///
/// ```swift
/// reply: { topic, partition, offset in "Updated Inventory [\(topic)-\(partition)@\(offset)]" }
/// reply: { key, count in .object(["locationId": key.location, "sku": key.sku, "count": count]) }
/// ```
public struct Reply: Sendable, ExpressibleByStringInterpolation {
    let render: @Sendable () throws -> ReplyBody

    init(render: @escaping @Sendable () throws -> ReplyBody) { self.render = render }

    public init(stringLiteral text: String) { self = .text(text) }

    /// `text/plain; charset=utf-8`, as a YAML reply template.
    public static func text(_ text: String) -> Reply {
        Reply { ReplyBody(contentType: "text/plain; charset=utf-8", bytes: Array(text.utf8)) }
    }

    /// `application/json` of a value.
    public static func json(_ value: Value) -> Reply {
        Reply { ReplyBody(contentType: "application/json", bytes: JSONWriter.encode(value)) }
    }

    /// `application/json` of an `Encodable` value (a struct's fields in declaration order).
    public static func json<T: Encodable & Sendable>(_ value: T) -> Reply {
        Reply { ReplyBody(contentType: "application/json", bytes: JSONWriter.encode(try ValueEncoder().encode(value))) }
    }

    /// `application/json` of an object with these fields, in this order.
    public static func object(_ fields: KeyValuePairs<String, any StreamValue>) -> Reply {
        Reply {
            var out = Fields()
            for (name, value) in fields { out.set(name, try value.streamValue) }
            return ReplyBody(contentType: "application/json", bytes: JSONWriter.encode(.record(out)))
        }
    }

    /// Any content type and bytes.
    public static func body(_ body: ReplyBody) -> Reply { Reply { body } }

    /// The rendered body.
    public func body() throws -> ReplyBody { try render() }
}

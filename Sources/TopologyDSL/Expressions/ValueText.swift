/// Text renderings of values: plain (templates, `string()`) and short descriptions for error messages.
public enum ValueText {
    /// Strings without quotes, numbers as digits, `null`, and lists/records as compact JSON.
    public static func plain(_ value: Value) -> String {
        switch value {
        case .string(let s): s
        case .int(let i): String(i)
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        default: JSONWriter.string(value)
        }
    }

    /// The value as JSON, shortened for error messages (`"abc"`, `12`, `{"a":1,...`).
    public static func describe(_ value: Value) -> String {
        let text = JSONWriter.string(value)
        return text.count <= 60 ? text : String(text.prefix(57)) + "..."
    }
}

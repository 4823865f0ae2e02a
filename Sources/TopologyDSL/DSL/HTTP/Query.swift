/// A query endpoint: a GET that builds a key from the request, looks it up in a store (on
/// whichever instance owns it) and renders the value; an unknown key is a 404.
///
/// ```swift
/// Query(get: "/inventory/locations/{location}/skus/{sku}", table: sellable) { request in
///     LocationSku(location: try request.path.string("location"), sku: try request.path.string("sku"))
/// } reply: { key, count in
///     .object(["locationId": key.location, "sku": key.sku, "count": count])
/// }
/// ```
public struct Query: TopologyComponent {
    public let path: String
    /// The store read.
    public let store: String
    let keyType: ValueType
    let valueType: ValueType
    let key: RequestFunction
    let reply: @Sendable (Value, Value) throws -> ReplyBody
    let location: SourceLocation
    /// The table whose store is read, added to the graph with the query.
    var table: DSLNode?

    /// `GET path` over the store `store`, whose key and value types must be `K` and `V` (checked
    /// when the topology is built; annotate the reply closure's parameters to name `V`).
    public init<K: StreamValue, V: StreamValue>(
        get path: String, store: String,
        file: String = #fileID, line: Int = #line, column: Int = #column,
        key: @escaping @Sendable (EndpointRequest) throws -> K,
        reply: @escaping @Sendable (_ key: K, _ value: V) throws -> Reply
    ) {
        self.path = path
        self.store = store
        keyType = K.streamType
        valueType = V.streamType
        self.key = EndpointRequest.function("key", key)
        self.reply = { key, value in try reply(K.read(key, as: "key"), V.read(value, as: "value")).body() }
        location = SourceLocation(file, line, column)
    }

    /// `GET path` over the store of `table` (by default the reply is JSON `{"key": ..., "value": ...}`).
    public init<K: StreamValue, V: StreamValue>(
        get path: String, table: KTable<K, V>,
        file: String = #fileID, line: Int = #line, column: Int = #column,
        key: @escaping @Sendable (EndpointRequest) throws -> K,
        reply: (@Sendable (_ key: K, _ value: V) throws -> Reply)? = nil
    ) {
        let render: @Sendable (K, V) throws -> Reply =
            reply ?? { key, value in
                .json(.record(Fields([("key", try key.streamValue), ("value", try value.streamValue)])))
            }
        self.init(get: path, store: table.storeName, file: file, line: line, column: column, key: key, reply: render)
        self.table = table.node
    }

    public func contribute(to context: TopologyContext) {
        let query = self
        if let table { context.onGraph { _ = $0.ref(table) } }
        context.onEndpoints { context in
            guard let store = context.storeTypes(query.store) else {
                let known = Set(context.builder.declaredStores.map(\.name)).sorted().joined(separator: ", ")
                context.error("unknown store '\(query.store)'; known stores: \(known)", at: query.location)
                return
            }
            if !Self.fits(query.keyType, store.keyType) || !Self.fits(query.valueType, store.valueType) {
                context.error(
                    "query GET \(query.path) reads store '\(query.store)' with key \(query.keyType) and value "
                        + "\(query.valueType), but the store holds key \(store.keyType) and value \(store.valueType)",
                    at: query.location)
                return
            }
            context.builder.http.queries.append(
                QueryEndpoint(
                    path: query.path, store: query.store, key: query.key, reply: query.reply, location: query.location))
        }
    }

    /// Whether values of the store's type `actual` can be read as the Swift type whose type is `expected`.
    private static func fits(_ expected: ValueType, _ actual: ValueType) -> Bool {
        expected.kind == .any
            || (expected.name == actual.name && expected.kind == actual.kind && expected.fields == actual.fields)
    }
}

import Foundation
import StreamrunStores
import TopologyDSL

/// The key and value types a store's data was written with, recorded where the data is: in each
/// task's local state (the meta column family, `types/<store>`) and, for the changelogs, per
/// application in the compacted topic `<application>-streamrun-store-types` (one record per store).
/// A store whose recorded types its topology no longer reads is refused at startup, so its bytes
/// are never read with the wrong serde (an int64 sum read as a double answers its raw bits).
///
/// Data written with one type reads as another when the kind and the serde are the same and, for a
/// record, the fields are the same, in the same order, of types that read alike (the record
/// serdes require every declared field, so a field added is a change too). The type's name alone
/// may change (`int` for `int32`, a record renamed).
struct StoreTypes: Equatable {
    /// `{name, kind, serde, fields: [{name, type}]}` of the key and of the value.
    var key: Value
    var value: Value

    init(_ declaration: StoreDeclaration) {
        key = Self.describe(declaration.keyType)
        value = Self.describe(declaration.valueType)
    }

    init?(encoded bytes: [UInt8]) {
        guard let decoded = try? JSONReader.parse(bytes), case .record = decoded[field: "key"],
            case .record = decoded[field: "value"]
        else { return nil }
        key = decoded[field: "key"]
        value = decoded[field: "value"]
    }

    func encoded() -> [UInt8] { JSONWriter.encode(.record(Fields([("key", key), ("value", value)]))) }

    /// Whether data written with `recorded` reads correctly with these types.
    func reads(_ recorded: StoreTypes) -> Bool {
        Self.reads(recorded.key, as: key) && Self.reads(recorded.value, as: value)
    }

    /// `key string and value int32`.
    var text: String { "key \(Self.name(key)) and value \(Self.name(value))" }

    static func describe(_ type: ValueType) -> Value {
        var fields = Fields([
            ("name", .string(type.name)), ("kind", .string(type.kind.name)), ("serde", .string(type.serde)),
        ])
        if !type.fields.isEmpty {
            fields.set(
                "fields",
                .list(type.fields.map { .record(Fields([("name", .string($0.name)), ("type", describe($0.type))])) }))
        }
        return .record(fields)
    }

    /// `int32`, `Reading {n: int32} (avro)`: a record with its fields, and its serde unless JSON.
    private static func name(_ type: Value) -> String {
        let name = type[field: "name"].stringValue ?? "?"
        guard type[field: "kind"].stringValue == "record" else { return name }
        let serde = type[field: "serde"].stringValue ?? "?"
        let fields = fields(type).map { "\($0.name): \(Self.name($0.type))" }.joined(separator: ", ")
        return "\(name) {\(fields)}" + (serde == "json" ? "" : " (\(serde))")
    }

    private static func fields(_ type: Value) -> [(name: String, type: Value)] {
        guard case .list(let items) = type[field: "fields"] else { return [] }
        return items.map { ($0[field: "name"].stringValue ?? "", $0[field: "type"]) }
    }

    private static func reads(_ recorded: Value, as current: Value) -> Bool {
        guard recorded[field: "kind"] == current[field: "kind"], recorded[field: "serde"] == current[field: "serde"]
        else {
            return false
        }
        let old = fields(recorded)
        let now = fields(current)
        return old.map(\.name) == now.map(\.name) && zip(old, now).allSatisfy { reads($0.type, as: $1.type) }
    }
}

extension StreamrunError {
    /// Stores whose recorded types the topology no longer reads, each with where its types were
    /// recorded and how to rebuild it; startup stops on it.
    static func storeTypesChanged(
        _ changes: [(store: String, recorded: StoreTypes, current: StoreTypes, place: String)], application: String?
    ) -> StreamrunError {
        let description =
            changes.map { change in
                "store '\(change.store)' was written with \(change.recorded.text) (recorded in \(change.place)), but the "
                    + "topology gives it \(change.current.text); its data would be read with the wrong serde or as the wrong type"
            }.joined(separator: "; ")
            + ". Keep the old types, or rebuild under a new application id (`application:` in "
            + "the YAML, `Topology(application:)` in Swift\(application.map { "; now '\($0)'" } ?? "")): the new id's "
            + "stores are built again from the input topics, as far as they are retained"
        return StreamrunError(description, code: .storeTypesChanged(stores: changes.map(\.store)))
    }
}

enum StoreSchema {
    /// The compacted topic holding, per store, the types its changelog was written with.
    static func topic(_ graph: TopologyGraph) -> String { "\(graph.application)-streamrun-store-types" }

    private static let localPrefix = Array("types/".utf8)

    private static func localKey(_ store: String) -> [UInt8] { localPrefix + Array(store.utf8) }

    /// Checks the local state of a task opened with `declarations`: a store whose recorded types
    /// differ from its declaration's, and that holds data, is returned; every other store's
    /// types are recorded (a store with nothing in it takes the new types).
    static func reconcileLocal(_ declarations: [StoreDeclaration], database: RocksDatabase, meta: RocksColumnFamily)
        throws -> [(store: String, recorded: StoreTypes, current: StoreTypes)]
    {
        var changed: [(store: String, recorded: StoreTypes, current: StoreTypes)] = []
        for declaration in declarations {
            let current = StoreTypes(declaration)
            let encoded = current.encoded()
            let bytes = try database.get(meta, key: localKey(declaration.name))
            if bytes == encoded { continue }
            if let bytes, let recorded = StoreTypes(encoded: bytes), !current.reads(recorded),
                try holdsData(declaration, database)
            {
                changed.append((declaration.name, recorded, current))
                continue
            }
            try database.put(meta, key: localKey(declaration.name), value: encoded, sync: true)
        }
        return changed
    }

    private static func holdsData(_ declaration: StoreDeclaration, _ database: RocksDatabase) throws -> Bool {
        guard declaration.kind == .rocksdb, let family = database.columnFamily(declaration.name) else { return false }
        return try database.holdsKeys(family)
    }

    /// Before any task opens: refuses stores whose changelog (as recorded in the types topic) or
    /// whose existing local state (in any task directory under `dataDirectory`) was written with
    /// types the topology no longer reads, reporting them all together; then records the types
    /// of every store whose changelog has no record yet, or had nothing written with the old ones.
    static func verify(
        graph: TopologyGraph, transport: any LogTransport, producer: any LogProducer,
        dataDirectory: String, settings: RocksDBSettings
    ) throws {
        guard !graph.stores.isEmpty else { return }
        let topic = topic(graph)
        try transport.createTopics([TopicSpec(name: topic, partitions: 1, compacted: true)])
        let partition = TopicPartition(topic, 0)
        var recorded: [String: StoreTypes] = [:]
        try PartitionReplay(transport: transport, partition: partition).read(
            from: 0, to: transport.endOffset(of: partition)
        ) { view in
            guard let key = view.key else { return }
            let store = String(decoding: key, as: UTF8.self)
            recorded[store] = view.value.flatMap { StoreTypes(encoded: Array($0)) }
        }
        var changes: [(store: String, recorded: StoreTypes, current: StoreTypes, place: String)] = []
        var toRecord: [StoreDeclaration] = []
        for declaration in graph.stores {
            let current = StoreTypes(declaration)
            if let old = recorded[declaration.name], !current.reads(old),
                try changelogHoldsData(declaration, graph, transport)
            {
                changes.append((declaration.name, old, current, topic))
            } else if recorded[declaration.name] != current {
                toRecord.append(declaration)
            }
        }
        for change in try localChanges(graph, dataDirectory: dataDirectory, settings: settings)
        where !changes.contains(where: { $0.store == change.store }) {
            changes.append(change)
        }
        guard changes.isEmpty else { throw StreamrunError.storeTypesChanged(changes, application: graph.application) }
        for declaration in toRecord {
            producer.produce(
                OutgoingRecord(
                    topic: topic, partition: 0, key: Array(declaration.name.utf8),
                    value: StoreTypes(declaration).encoded(),
                    timestamp: Int64(Date().timeIntervalSince1970 * 1000)), delivery: nil)
        }
        if !toRecord.isEmpty { try producer.flush() }
    }

    private static func changelogHoldsData(
        _ declaration: StoreDeclaration, _ graph: TopologyGraph,
        _ transport: any LogTransport
    ) throws -> Bool {
        let partitions = try transport.partitionCount(of: declaration.changelogTopic) ?? 0
        for p in 0..<partitions where try transport.endOffset(of: TopicPartition(declaration.changelogTopic, p)) > 0 {
            return true
        }
        return false
    }

    /// The stores of existing task directories whose local types the topology no longer reads.
    private static func localChanges(_ graph: TopologyGraph, dataDirectory: String, settings: RocksDBSettings)
        throws -> [(store: String, recorded: StoreTypes, current: StoreTypes, place: String)]
    {
        var changes: [(store: String, recorded: StoreTypes, current: StoreTypes, place: String)] = []
        for subtopology in graph.subtopologies where !subtopology.stores.isEmpty {
            let declarations = graph.stores.filter { subtopology.stores.contains($0.name) }
            for p in 0..<subtopology.partitions {
                let directory =
                    "\(dataDirectory)/state/\(graph.application)/\(TaskId(subtopology: subtopology.id, partition: p))"
                guard FileManager.default.fileExists(atPath: directory + "/CURRENT"),
                    (try? RocksDatabase.listColumnFamilies(path: directory))?.contains(TaskState.metaFamily) == true
                else { continue }
                // A database that cannot be opened now (locked, damaged) is left to the task's own open,
                // which checks the same record (TaskState) and is retried with backoff like any open error.
                guard let database = try? RocksDatabase(path: directory, columnFamilies: [], options: settings) else {
                    continue
                }
                defer { database.close() }
                guard let meta = database.columnFamily(TaskState.metaFamily) else { continue }
                for change in try reconcileLocal(declarations, database: database, meta: meta)
                where !changes.contains(where: { $0.store == change.store }) {
                    changes.append((change.store, change.recorded, change.current, directory))
                }
            }
        }
        return changes
    }
}

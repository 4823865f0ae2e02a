import TopologyDSL

/// A Processor API plugin: drops a record whose key was seen less than `within-seconds` of
/// stream time earlier (the first one passes), and forgets keys older than that with a
/// stream-time punctuation. What it has seen lives in the store `store` (default `dedupe-seen`):
/// changelogged and restored, so a restart forgets nothing.
struct DedupePlugin: ProcessorPlugin {
    var name: String { "dedupe" }

    func describe(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws -> ProcessorDescription
    {
        guard let seconds = parameters["within-seconds"].flatMap(Int64.init), seconds > 0 else {
            throw EvaluationError("dedupe needs a positive integer parameter within-seconds, got \(parameters)")
        }
        let store = parameters["store"] ?? "dedupe-seen"
        return ProcessorDescription(stores: [ProcessorStore(name: store, keyType: keyType, valueType: .int64)]) {
            DedupeProcessor(storeName: store, windowMs: seconds * 1000)
        }
    }
}

/// One task's deduplication: each key's first timestamp within the window.
final class DedupeProcessor: RecordProcessor {
    let storeName: String
    let windowMs: Int64
    private var context: (any ProcessorContext)?
    private var seen: (any KeyValueStore)?

    init(storeName: String, windowMs: Int64) {
        self.storeName = storeName
        self.windowMs = windowMs
    }

    func initialize(_ context: any ProcessorContext) throws {
        self.context = context
        seen = try context.store(storeName)
        context.schedule(every: windowMs, .streamTime) { [unowned self] now in try forget(before: now - windowMs) }
    }

    func process(_ record: ProcessorRecord) throws {
        guard let context, let seen else { return }
        if let first = try seen.get(record.key)?.intValue, abs(record.timestamp - first) < windowMs { return }
        try seen.put(record.key, .int(record.timestamp))
        try context.forward(record)
    }

    /// Deletes the keys first seen before `cutoff`: a record of theirs is new again.
    private func forget(before cutoff: Int64) throws {
        guard let seen else { return }
        var old: [Value] = []
        try seen.forEach { key, first in if (first.intValue ?? 0) < cutoff { old.append(key) } }
        for key in old { try seen.delete(key) }
    }
}

internal import CAvro

/// One avro-c generic value (`avro_value_t`) of a schema, reused across records and freed on deinit.
/// Not thread-safe: one thread uses it at a time (see `AvroCodec`).
final class AvroGenericValue {
    let valueClass: AvroValueClass
    var raw = avro_value_t()

    init(_ valueClass: AvroValueClass) throws(AvroError) {
        self.valueClass = valueClass
        let rc = avro_generic_value_new(valueClass.iface, &raw)
        guard rc == 0 else {
            throw AvroError(AvroCError.message(rc, "avro-c cannot allocate a value"), code: .library)
        }
    }

    /// Clears the value (empties arrays and maps) before it is filled again.
    func reset() { _ = sr_avro_value_reset(&raw) }

    deinit { avro_value_decref(&raw) }
}

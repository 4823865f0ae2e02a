internal import CAvro

/// avro-c's generic value implementation for one schema (`avro_value_iface_t`), freed on deinit.
/// Creating values from it on several threads is safe: avro-c counts its references atomically.
// @unchecked Sendable: immutable; avro-c's generic class may make values on many threads (atomic refcounts).
final class AvroValueClass: @unchecked Sendable {
    let schema: AvroSchema
    let iface: UnsafeMutablePointer<avro_value_iface_t>

    init(schema: AvroSchema) throws(AvroError) {
        guard let iface = avro_generic_class_from_schema(schema.handle) else {
            throw AvroError(
                AvroCError.message(0, "avro-c cannot make values for \(schema.fullName ?? schema.canonicalForm)"),
                code: .library)
        }
        self.schema = schema
        self.iface = iface
    }

    deinit { sr_avro_value_iface_decref(iface) }
}

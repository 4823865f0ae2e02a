internal import CAvro
import TopologyDSL

/// An avro-c memory reader (`avro_reader_memory`), pointed at each record's bytes in turn without
/// copying them; freed on deinit. Only given bytes that `AvroBinaryValidator` has checked.
final class AvroMemoryReader {
    private let reader: OpaquePointer
    init() { reader = avro_reader_memory(nil, 0) }

    deinit { avro_reader_free(reader) }

    /// Decodes `bytes` into `value` with avro-c.
    func read(_ bytes: UnsafeRawBufferPointer, into value: AvroGenericValue) throws(SerdeError) {
        avro_reader_memory_set_source(
            reader, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int64(bytes.count))
        let rc = avro_value_read(reader, &value.raw)
        avro_reader_memory_set_source(reader, nil, 0)
        guard rc == 0 else { throw SerdeError(AvroCError.message(rc, "avro-c could not decode the Avro body")) }
    }
}

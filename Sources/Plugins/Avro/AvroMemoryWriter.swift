internal import CAvro
import TopologyDSL

/// An avro-c memory writer (`avro_writer_memory`) over a growable buffer it owns; both are freed on
/// deinit. Writes one value's Avro binary encoding and appends it to a byte array.
final class AvroMemoryWriter {
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private let writer: OpaquePointer

    init(capacity: Int = 256) {
        self.capacity = capacity
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        writer = avro_writer_memory(buffer.assumingMemoryBound(to: CChar.self), Int64(capacity))
    }

    deinit {
        avro_writer_free(writer)
        buffer.deallocate()
    }

    /// Appends the Avro binary encoding of `value` to `out`.
    func write(_ value: AvroGenericValue, appendingTo out: inout [UInt8]) throws(SerdeError) {
        avro_writer_memory_set_dest(writer, buffer.assumingMemoryBound(to: CChar.self), Int64(capacity))
        var rc = avro_value_write(writer, &value.raw)
        if rc != 0 {
            // Too small (ENOSPC): size the value exactly, grow, write again.
            var size = 0
            guard avro_value_sizeof(&value.raw, &size) == 0, size > capacity else {
                throw SerdeError(AvroCError.message(rc, "avro-c could not encode the value"))
            }
            grow(to: size)
            avro_writer_memory_set_dest(writer, buffer.assumingMemoryBound(to: CChar.self), Int64(capacity))
            rc = avro_value_write(writer, &value.raw)
            guard rc == 0 else { throw SerdeError(AvroCError.message(rc, "avro-c could not encode the value")) }
        }
        let written = Int(avro_writer_tell(writer))
        out.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: written))
    }

    private func grow(to size: Int) {
        var newCapacity = capacity
        while newCapacity < size { newCapacity *= 2 }
        buffer.deallocate()
        buffer = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        capacity = newCapacity
    }
}

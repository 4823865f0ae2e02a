internal import CAvro

/// Text for a failed avro-c call. avro-c keeps its last error message in one process-wide buffer,
/// so under concurrency the detail may belong to another thread's failure; the code and context
/// given here are always this call's.
enum AvroCError {
    static func message(_ code: Int32, _ context: String) -> String {
        let detail = avro_strerror().map { String(cString: $0) } ?? ""
        return detail.isEmpty ? "\(context) (avro-c error \(code))" : "\(context): \(detail)"
    }
}

public import TopologyDSL

/// A record moving through a task's processors. The key travels serialized (`keyBytes`) and is
/// decoded only for operators that read it; tables also carry the previous value.
public struct TaskRecord {
    /// The decoded key, or `.null` while only `keyBytes` is known.
    public var key: Value
    /// The key's bytes under the current key type's serde, or nil once an operator changed the key.
    public var keyBytes: [UInt8]?
    public var value: Value
    /// For table updates: the value before this update (`.null` if none).
    public var oldValue: Value
    public var timestamp: Int64

    public init(key: Value = .null, keyBytes: [UInt8]?, value: Value, oldValue: Value = .null, timestamp: Int64) {
        self.key = key
        self.keyBytes = keyBytes
        self.value = value
        self.oldValue = oldValue
        self.timestamp = timestamp
    }
}

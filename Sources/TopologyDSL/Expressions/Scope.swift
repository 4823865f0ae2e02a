/// The variable values an expression is evaluated against; create once per operator and reassign slots per record.
public struct Scope: Sendable {
    /// Slot values, indexed like the `ScopeLayout` the expression was compiled with.
    public var slots: ContiguousArray<Value>

    /// A scope with `slotCount` `.null` slots.
    public init(slotCount: Int) {
        slots = ContiguousArray(repeating: .null, count: slotCount)
    }

    /// A scope holding `values` in slot order.
    public init(_ values: [Value]) {
        slots = ContiguousArray(values)
    }

    /// A scope for `layout`, all slots `.null`.
    public init(layout: ScopeLayout) {
        self.init(slotCount: layout.count)
    }

    /// The value in `slot`; assigning it in place does not allocate.
    @inlinable public subscript(slot: Int) -> Value {
        get { slots[slot] }
        set { slots[slot] = newValue }
    }
}

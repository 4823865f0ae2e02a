/// The static type of a key, value or expression: a primitive, `any`, or a named record with fields.
public struct ValueType: Sendable, Hashable, CustomStringConvertible {
    /// The shape of a type; a struct with static members so new kinds can be added.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let any = Kind("any")
        public static let null = Kind("null")
        public static let bool = Kind("bool")
        public static let int32 = Kind("int32")
        public static let int64 = Kind("int64")
        public static let double = Kind("double")
        public static let string = Kind("string")
        public static let bytes = Kind("bytes")
        public static let list = Kind("list")
        public static let record = Kind("record")
    }

    /// One field of a record type.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: ValueType
        public init(_ name: String, _ type: ValueType) {
            self.name = name
            self.type = type
        }
    }

    /// The name users write (`int32`, `LocationSku`).
    public var name: String
    public var kind: Kind
    /// Fields of a record type, in declaration order.
    public var fields: [Field]
    /// The serde plugin that reads and writes this type (`int32`, `json`, `string`, ...).
    public var serde: String

    public init(name: String, kind: Kind, fields: [Field] = [], serde: String) {
        self.name = name
        self.kind = kind
        self.fields = fields
        self.serde = serde
    }

    public var description: String { name }

    /// The type of the field `name`, if this is a record type that declares it.
    public func field(_ name: String) -> ValueType? { fields.first { $0.name == name }?.type }

    /// Whether values of this type can go where `other` is declared: the same kind, an integer
    /// widened to `int64` or `double`, a record whose fields fit field by field, or a dynamic type
    /// on either side (checked at run time). Never a narrowing such as `double` into `int32`.
    public func canBeWritten(as other: ValueType) -> Bool { TypeRules.fits(self, into: other) }

    public var isInteger: Bool { kind == .int32 || kind == .int64 }
    public var isNumeric: Bool { isInteger || kind == .double }

    public static let any = ValueType(name: "any", kind: .any, serde: "json")
    public static let null = ValueType(name: "null", kind: .null, serde: "json")
    public static let bool = ValueType(name: "bool", kind: .bool, serde: "json")
    public static let int32 = ValueType(name: "int32", kind: .int32, serde: "int32")
    public static let int64 = ValueType(name: "int64", kind: .int64, serde: "int64")
    public static let double = ValueType(name: "double", kind: .double, serde: "double")
    public static let string = ValueType(name: "string", kind: .string, serde: "string")
    public static let bytes = ValueType(name: "bytes", kind: .bytes, serde: "bytes")
    public static let json = ValueType(name: "json", kind: .any, serde: "json")
    public static let list = ValueType(name: "list", kind: .list, serde: "json")

    /// A record type with the given fields, serialized by `serde` (JSON unless told otherwise).
    public static func record(_ name: String, _ fields: [Field], serde: String = "json") -> ValueType {
        ValueType(name: name, kind: .record, fields: fields, serde: serde)
    }

    /// The built-in primitive types by the names YAML uses.
    public static let builtins: [String: ValueType] = [
        "int32": .int32, "int": .int32, "int64": .int64, "long": .int64, "double": .double,
        "string": .string, "bytes": .bytes, "json": .json, "bool": .bool, "boolean": .bool,
    ]
}

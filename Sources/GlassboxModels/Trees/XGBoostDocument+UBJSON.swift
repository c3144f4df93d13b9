/// A bounded reader of Universal Binary JSON (draft 12, as XGBoost's `save_model` writes `.ubj` files):
/// big-endian numbers, strings and object keys prefixed by an integer length, and optimised containers
/// (`$` element type, `#` count). Every length and count is checked against the bytes left before
/// anything is allocated, nesting is bounded by ``XGBoostDocument/maximumDepth``, so a truncated or
/// hostile file is an error, never a crash, a hang or a huge allocation.
struct UBJSONReader {
    private let bytes: [UInt8]
    private var position = 0
    private let fileName: String

    init(bytes: [UInt8], fileName: String) {
        self.bytes = bytes
        self.fileName = fileName
    }

    /// The document in the bytes (nothing but no-ops may follow it).
    static func parse(_ bytes: [UInt8], fileName: String) throws -> XGBoostDocument {
        var reader = UBJSONReader(bytes: bytes, fileName: fileName)
        let document = try reader.value(depth: 0)
        while reader.position < bytes.count, bytes[reader.position] == UInt8(ascii: "N") { reader.position += 1 }
        guard reader.position == bytes.count else {
            throw reader.fail("has \(bytes.count - reader.position) bytes after the end of the model")
        }
        return document
    }

    private func fail(_ problem: String) -> ModelError {
        .invalidModelFile("\(fileName) (UBJSON, byte \(position)) \(problem)")
    }

    private var remaining: Int { bytes.count - position }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw fail("ends in the middle of a value (truncated?)") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func bigEndian(_ count: Int) throws -> UInt64 {
        guard remaining >= count else { throw fail("ends in the middle of a number (truncated?)") }
        var v: UInt64 = 0
        for k in 0..<count { v = v << 8 | UInt64(bytes[position + k]) }
        position += count
        return v
    }

    /// A marker other than the no-op `N`.
    private mutating func marker() throws -> UInt8 {
        var m = try byte()
        while m == UInt8(ascii: "N") { m = try byte() }
        return m
    }

    /// An integer value of type `marker` (a length or count when `nonNegative`).
    private mutating func integer(_ marker: UInt8) throws -> Int64 {
        switch marker {
        case UInt8(ascii: "i"): return Int64(Int8(bitPattern: UInt8(try bigEndian(1))))
        case UInt8(ascii: "U"): return Int64(try bigEndian(1))
        case UInt8(ascii: "I"): return Int64(Int16(bitPattern: UInt16(try bigEndian(2))))
        case UInt8(ascii: "l"): return Int64(Int32(bitPattern: UInt32(try bigEndian(4))))
        case UInt8(ascii: "L"): return Int64(bitPattern: try bigEndian(8))
        default: throw fail("has the marker \(Self.describe(marker)) where an integer is needed")
        }
    }

    /// A length or count: a non-negative integer of at most `cap` items of `size` bytes that the bytes left
    /// after it can hold.
    private mutating func count(cap: Int = XGBoostDocument.maximumContainerCount, size: Int = 1, what: String) throws -> Int {
        let n = try integer(try marker())
        guard n >= 0 else { throw fail("has a negative \(what) (\(n))") }
        let limit = min(cap, remaining / size)
        guard n <= Int64(limit) else { throw fail("claims a \(what) of \(n), more than the \(limit) the rest of the file can hold") }
        return Int(n)
    }

    private mutating func text() throws -> String {
        let n = try count(cap: Int.max, what: "string length")
        defer { position += n }
        return String(decoding: bytes[position..<(position + n)], as: UTF8.self)
    }

    /// Bytes of one element of type `marker` with no marker of its own, when fixed.
    private static func fixedSize(_ marker: UInt8) -> Int? {
        switch marker {
        case UInt8(ascii: "i"), UInt8(ascii: "U"), UInt8(ascii: "C"): 1
        case UInt8(ascii: "I"): 2
        case UInt8(ascii: "l"), UInt8(ascii: "d"): 4
        case UInt8(ascii: "L"), UInt8(ascii: "D"): 8
        default: nil
        }
    }

    private static func describe(_ marker: UInt8) -> String {
        (0x21...0x7E).contains(marker) ? "'\(Character(Unicode.Scalar(marker)))'" : "0x" + String(marker, radix: 16)
    }

    private mutating func value(depth: Int) throws -> XGBoostDocument {
        try value(marker: try marker(), depth: depth)
    }

    private mutating func value(marker m: UInt8, depth: Int) throws -> XGBoostDocument {
        switch m {
        case UInt8(ascii: "Z"): return .null
        case UInt8(ascii: "T"): return .bool(true)
        case UInt8(ascii: "F"): return .bool(false)
        case UInt8(ascii: "i"), UInt8(ascii: "U"), UInt8(ascii: "I"), UInt8(ascii: "l"), UInt8(ascii: "L"):
            return .number(Double(try integer(m)))
        case UInt8(ascii: "d"): return .number(Double(Float(bitPattern: UInt32(try bigEndian(4)))))
        case UInt8(ascii: "D"): return .number(Double(bitPattern: try bigEndian(8)))
        case UInt8(ascii: "C"): return .string(String(Character(Unicode.Scalar(try byte()))))
        case UInt8(ascii: "S"): return .string(try text())
        case UInt8(ascii: "H"):
            let s = try text()
            guard let x = Double(s) else { throw fail("has the high-precision number '\(s)', which is not a number") }
            return .number(x)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            guard depth < XGBoostDocument.maximumDepth else {
                throw fail("nests arrays and objects more than \(XGBoostDocument.maximumDepth) levels deep; no XGBoost model does")
            }
            return m == UInt8(ascii: "[") ? try array(depth: depth + 1) : try object(depth: depth + 1)
        default:
            throw fail("has the unknown marker \(Self.describe(m))")
        }
    }

    /// The optional `$type` and `#count` after a container's opening marker.
    private mutating func containerHeader() throws -> (type: UInt8?, count: Int?) {
        guard position < bytes.count else { throw fail("ends after the start of a container (truncated?)") }
        var type: UInt8?
        if bytes[position] == UInt8(ascii: "$") {
            position += 1
            type = try byte()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "#") else { throw fail("has a typed container without a count") }
        }
        var count: Int?
        if position < bytes.count, bytes[position] == UInt8(ascii: "#") {
            position += 1
            // Each element takes at least one byte (a fixed-size element its size), so the rest of the file bounds the count.
            count = try self.count(size: type.flatMap(Self.fixedSize) ?? 1, what: "container size")
        }
        return (type, count)
    }

    private mutating func array(depth: Int) throws -> XGBoostDocument {
        let (type, count) = try containerHeader()
        if let count {
            if let type, Self.fixedSize(type) != nil, type != UInt8(ascii: "C") {
                var xs = [Double]()
                xs.reserveCapacity(count)
                for _ in 0..<count {
                    guard case .number(let x) = try value(marker: type, depth: depth) else { throw fail("has a malformed typed array") }
                    xs.append(x)
                }
                return .numbers(xs)
            }
            var items = [XGBoostDocument]()
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try type.map { try value(marker: $0, depth: depth) } ?? value(depth: depth)) }
            return .array(items)
        }
        var items = [XGBoostDocument]()
        while true {
            let m = try marker()
            if m == UInt8(ascii: "]") { break }
            guard items.count < XGBoostDocument.maximumContainerCount else { throw fail("has an array longer than \(XGBoostDocument.maximumContainerCount) elements") }
            items.append(try value(marker: m, depth: depth))
        }
        if !items.isEmpty, items.allSatisfy({ if case .number = $0 { true } else { false } }) {
            return .numbers(items.map { if case .number(let x) = $0 { x } else { 0 } })
        }
        return .array(items)
    }

    private mutating func object(depth: Int) throws -> XGBoostDocument {
        let (type, count) = try containerHeader()
        var members = [String: XGBoostDocument]()
        func add(_ key: String, _ value: XGBoostDocument) throws {
            guard members.updateValue(value, forKey: key) == nil else { throw fail("has the key '\(key)' twice in one object") }
        }
        if let count {
            for _ in 0..<count {
                let key = try text()
                try add(key, try type.map { try value(marker: $0, depth: depth) } ?? value(depth: depth))
            }
            return .object(members)
        }
        while true {
            guard position < bytes.count else { throw fail("ends inside an object (truncated?)") }
            if bytes[position] == UInt8(ascii: "}") { position += 1; break }
            if bytes[position] == UInt8(ascii: "N") { position += 1; continue }
            guard members.count < XGBoostDocument.maximumContainerCount else { throw fail("has an object with more than \(XGBoostDocument.maximumContainerCount) members") }
            let key = try text()
            try add(key, try value(depth: depth))
        }
        return .object(members)
    }
}

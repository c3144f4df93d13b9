/// A text form of an ``ExactSum`` that could not be read; `reason` says what is wrong with it.
package struct ExactSumTextError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The start of the refused text, made safe for a terminal.
    package let text: String
    /// What is wrong, in words.
    package let reason: String

    init(_ text: String, _ reason: String) {
        let head = text.count > 40 ? String(text.prefix(40)) + "…" : text
        self.text = Escaping.terminal(head)
        self.reason = reason
    }

    package var description: String { "exact sum \"\(text)\": \(reason)" }
}

extension ExactSum: Codable {
    /// The canonical text of the sum, one string per value, so equal sums have equal text:
    /// - `"0"` for an exact zero;
    /// - `"0x<hex>p<e>"`, with a leading `-` when negative: the exact value (hex)·2^e, the lowercase hex
    ///   integer odd (so unique) and without leading zeros, −1074 ≤ e, and the value below 2¹¹⁰⁰;
    /// - `"nan"`, `"inf"`, `"-inf"` for the NaN and infinite states.
    package var text: String {
        if isNaN { return "nan" }
        if special & Special.positiveInfinity != 0 { return "inf" }
        if special & Special.negativeInfinity != 0 { return "-inf" }
        guard let (negative, magnitude) = canonicalMagnitude() else { return "0" }
        let trailing = magnitude.firstIndex(where: { $0 != 0 })!
        let shift = trailing * 32 + magnitude[trailing].trailingZeroBitCount
        let bitLength = (magnitude.count - 1) * 32 + (32 - magnitude[magnitude.count - 1].leadingZeroBitCount)
        var hex = ""
        var position = bitLength - shift
        // Hex digits of M >> shift, most significant first.
        let first = position % 4 == 0 ? 4 : position % 4
        var width = first
        while position > 0 {
            position -= width
            hex.append(String(Self.bits(magnitude, from: shift + position, count: width), radix: 16))
            width = 4
        }
        return (negative ? "-" : "") + "0x" + hex + "p" + String(shift - 1074)
    }

    /// Longest accepted text: a sign, "0x", 544 hex digits (2,174 bits) and "p-1074", with room to spare.
    static let maximumTextLength = 600

    /// Reads the canonical ``text`` form; anything else (other spellings of a value included) is
    /// refused with an ``ExactSumTextError`` naming the problem.
    package init(text: String) throws(ExactSumTextError) {
        self.init()
        switch text {
        case "0": return
        case "nan": special = Special.nan; return
        case "inf": special = Special.positiveInfinity; return
        case "-inf": special = Special.negativeInfinity; return
        default: break
        }
        let utf8 = Array(text.utf8)
        guard utf8.count <= Self.maximumTextLength else {
            throw ExactSumTextError(text, "longer than \(Self.maximumTextLength) characters")
        }
        var at = 0
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { at = 1 }
        guard utf8.count >= at + 2, utf8[at] == UInt8(ascii: "0"), utf8[at + 1] == UInt8(ascii: "x") else {
            throw ExactSumTextError(text, "expected \"0\", \"nan\", \"inf\", \"-inf\" or \"0x<hex>p<exponent>\"")
        }
        at += 2
        guard let p = utf8[at...].firstIndex(of: UInt8(ascii: "p")) else {
            throw ExactSumTextError(text, "missing the binary exponent \"p<exponent>\"")
        }
        let hexDigits = utf8[at..<p]
        guard !hexDigits.isEmpty else { throw ExactSumTextError(text, "no hex digits") }
        var nibbles = [UInt8]()
        nibbles.reserveCapacity(hexDigits.count)
        for c in hexDigits {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibbles.append(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibbles.append(c - UInt8(ascii: "a") + 10)
            default: throw ExactSumTextError(text, "not a lowercase hex digit in the significand")
            }
        }
        guard nibbles[0] != 0 else { throw ExactSumTextError(text, "leading zero in the significand (not canonical)") }
        guard nibbles[nibbles.count - 1] & 1 == 1 else {
            throw ExactSumTextError(text, "even significand (not canonical: the significand must be odd)")
        }
        let exponentText = utf8[(p + 1)...]
        guard let exponent = Self.canonicalInteger(exponentText) else {
            throw ExactSumTextError(text, "the exponent is not a canonical decimal integer")
        }
        guard exponent >= -1074 else {
            throw ExactSumTextError(text, "exponent below -1074 (not a sum of doubles)")
        }
        let significandBits = nibbles.count * 4 - nibbles[0].leadingZeroBitCount + 4
        // |M| = significand·2^(exponent + 1074) must stay below 2²¹⁷⁴ (the sum below 2¹¹⁰⁰).
        guard exponent <= 1100, significandBits + exponent + 1074 <= 2174 else {
            throw ExactSumTextError(text, "magnitude not below 2^1100 (out of the accumulator's range)")
        }
        // Place the significand's bits into |M|'s radix-2³² digits (they do not overlap), then sign them.
        var magnitude = [UInt64](repeating: 0, count: Self.digitCount)
        var position = exponent + 1074
        for nibble in nibbles.reversed() {
            let shifted = UInt64(nibble) << UInt64(position & 31)
            magnitude[position >> 5] |= shifted & 0xFFFF_FFFF
            if shifted >> 32 != 0 { magnitude[(position >> 5) + 1] |= shifted >> 32 }
            position += 4
        }
        digits = magnitude.map { negative ? -Int64($0) : Int64($0) }
        carry()
    }

    /// The value of a decimal integer written without a plus sign or leading zeros ("-0" refused),
    /// with at most 5 digits; nil otherwise.
    static func canonicalInteger(_ bytes: ArraySlice<UInt8>) -> Int? {
        var digits = bytes[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 5,
              digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              digits.first != UInt8(ascii: "0") || digits.count == 1,
              !(negative && digits == [UInt8(ascii: "0")]) else { return nil }
        let value = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return negative ? -value : value
    }

    /// Decodes the canonical ``text`` (a JSON string); other text is a `DecodingError.dataCorrupted`
    /// whose description is the ``ExactSumTextError``.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the canonical ``text``.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
